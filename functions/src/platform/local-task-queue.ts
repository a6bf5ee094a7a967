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
  /** Each waiting task's timer, and whether it waits out a delay (a retry's backoff, a scheduled task). */
  private readonly timers = new Map<NodeJS.Timeout, { delayed: boolean }>();
  private winding = false;
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
    const ms = delaySeconds * 1000 * (this.options.timeScale ?? 1);
    if (this.winding && ms > 0) {
      this.options.log.warn('task left behind at stop', { job: name, attempt });
      return;
    }
    this.pending++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.run(name, payload, attempt);
    }, ms);
    this.timers.set(timer, { delayed: ms > 0 });
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
      this.settleOne();
    }
  }

  /** Resolves once no task is queued or running (including retries). */
  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * For a host that is stopping (`npm start`'s Ctrl-C): finishes what is running or due now, with
   * whatever those tasks enqueue at once, but waits out no delay. A retry's backoff (a mail server
   * that refused: 30 s, then a minute, …) or a scheduled task is left behind and logged, as a
   * stopped machine would leave it; drain() alone waited for them (minutes).
   */
  windDown(): Promise<void> {
    this.winding = true;
    for (const [timer, { delayed }] of this.timers) {
      if (!delayed) continue;
      clearTimeout(timer);
      this.timers.delete(timer);
      this.options.log.warn('task left behind at stop', {});
      this.settleOne();
    }
    return this.drain();
  }

  private settleOne(): void {
    this.pending--;
    if (this.pending === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  close(): void {
    for (const timer of this.timers.keys()) clearTimeout(timer);
    this.timers.clear();
  }
}

function errorName(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 300);
  return 'unknown error';
}
