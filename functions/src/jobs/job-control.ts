import type { Fix } from '../core/errors.js';

/** What a running job may do besides its work: report progress and save where to resume. */
export interface JobControl {
  readonly jobId: string | null;
  /** 1 on the first delivery; retries count up. */
  readonly attempt: number;
  /** Where the previous attempt stopped (null on a fresh start). */
  readonly cursor: string | null;
  progress(done: number, total?: number | null): Promise<void>;
  /** Saves the resume point together with progress and counts, in one write. */
  checkpoint(cursor: string | null, update?: { done?: number; total?: number | null; counts?: Record<string, number> }): Promise<void>;
}

/** Thrown by a job that must stop and wait for an admin (status `held`), e.g. a mass-removal guard. */
export class JobHeldError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The console step that lets an admin go on (shown as its button). */
    readonly fix?: Fix,
  ) {
    super(message);
    this.name = 'JobHeldError';
  }
}

export const untrackedJob = (attempt: number): JobControl => ({
  jobId: null,
  attempt,
  cursor: null,
  progress: async () => {},
  checkpoint: async () => {},
});
