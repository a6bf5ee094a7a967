import { backoffSeconds, jobSpecs, type JobName, type JobPayload } from '../core/jobs.js';
import { taskId } from './task-id.js';
import type { Logger } from '../core/ports.js';
import type { EnqueueOptions, TaskQueue } from '../core/ports.js';

export type TaskRunner = (name: JobName, payload: unknown, attempt: number) => Promise<void>;

/**
 * The in-process queue used by `npm start` and the tests: the same job catalog, payload
 * validation and retry policy as Cloud Tasks. `timeScale` shrinks backoff delays (tests use 0).
 */
export class LocalTaskQueue implements TaskQueue {
  private readonly seen = new Set<string>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  runner: TaskRunner | undefined;
  /** Every task that exhausted its retries, for tests and the local console. */
  readonly deadLetters: { name: JobName; error: string }[] = [];

  constructor(private readonly options: { log: Logger; timeScale?: number }) {}

  async enqueue<K extends JobName>(name: K, payload: JobPayload<K>, options: EnqueueOptions = {}): Promise<void> {
    const parsed = jobSpecs[name].payload.parse(payload);
    if (options.id) {
      // Like Cloud Tasks: one id space per queue, the tenant inside the id.
      const key = `${name}/${taskId(payload.tenantId, options.id)}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    this.schedule(name, parsed, 1, options.delaySeconds ?? 0);
  }

  private schedule(name: JobName, payload: unknown, attempt: number, delaySeconds: number): void {
    this.pending++;
    const ms = delaySeconds * 1000 * (this.options.timeScale ?? 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.run(name, payload, attempt);
    }, ms);
    this.timers.add(timer);
  }

  private async run(name: JobName, payload: unknown, attempt: number): Promise<void> {
    try {
      if (!this.runner) throw new Error('LocalTaskQueue has no runner');
      await this.runner(name, payload, attempt);
    } catch (err) {
      const policy = jobSpecs[name].retry;
      if (attempt < policy.maxAttempts) {
        this.options.log.warn('task failed, will retry', { job: name, attempt, error: errorName(err) });
        this.schedule(name, payload, attempt + 1, backoffSeconds(policy, attempt - 1));
      } else {
        this.options.log.error('task failed for good', { job: name, attempt, error: errorName(err) });
        this.deadLetters.push({ name, error: errorName(err) });
      }
    } finally {
      this.pending--;
      if (this.pending === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Resolves once no task is queued or running (including retries). */
  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

function errorName(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 300);
  return 'unknown error';
}
