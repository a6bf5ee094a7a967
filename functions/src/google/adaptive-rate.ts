import type { CallLimiter } from '../platform/with-backoff.js';
/**
 * Paces calls to an API whose quota is shared with callers this process cannot see: every Gmail
 * deployment, of every tenant, on every task instance, draws on one Google project's quota
 * (≈ 200 `sendAs` updates/s). AIMD, as TCP does for a shared link: the rate grows while calls
 * succeed (doubling each second until the first refusal, then by `increasePerSec` each second) and
 * is cut to `decrease` × itself on a 429, once per round of calls, pausing for Retry-After when the
 * API gives one. Deployments running at once all see 429s when the project quota runs out, so each
 * cuts its rate in proportion to it while all grow by the same step: their rates converge to equal
 * shares (Chiu & Jain, 1989) without any shared state between instances.
 */
export interface AdaptiveRateOptions {
  /** Calls per second to start with. */
  initialPerSec?: number;
  minPerSec?: number;
  maxPerSec?: number;
  /** Additive increase: calls/s added per second of calls without a refusal (the same for every caller, which is what makes AIMD fair). */
  increasePerSec?: number;
  /** Multiplicative decrease on a refusal. */
  decrease?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface AdaptiveRateStats {
  calls: number;
  succeeded: number;
  refused: number;
  decreases: number;
}

const CATCH_UP_MS = 50;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class AdaptiveRate implements CallLimiter {
  readonly stats: AdaptiveRateStats = { calls: 0, succeeded: 0, refused: 0, decreases: 0 };
  private perSec: number;
  private readonly min: number;
  private readonly max: number;
  private readonly increase: number;
  private readonly factor: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Doubling each second until the first refusal. */
  private slowStart = true;
  /** When the next call may start (pacing) and until when calls are paused (Retry-After). */
  private nextAt = -Infinity;
  private pausedUntil = -Infinity;
  /** Calls are numbered; those issued before the last decrease went at the old rate, so their refusals do not cut again. */
  private issued = 0;
  private cutAt = 0;
  private readonly waiting: ((ticket: number) => void)[] = [];
  private pumping = false;

  constructor(options: AdaptiveRateOptions = {}) {
    this.min = options.minPerSec ?? 1;
    this.max = options.maxPerSec ?? Infinity;
    this.perSec = clamp(options.initialPerSec ?? 20, this.min, this.max);
    this.increase = options.increasePerSec ?? 5;
    this.factor = options.decrease ?? 0.8;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? realSleep;
    if (!(this.factor > 0 && this.factor < 1)) throw new Error('decrease must be between 0 and 1');
  }

  /** The current rate, calls per second. */
  get rate(): number {
    return this.perSec;
  }

  acquire(): Promise<number> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.pumping) void this.pump();
    });
  }

  /**
   * Lets waiting calls go one by one, each spaced at the rate of the moment it leaves (a slot is
   * never booked ahead at an old rate, so a cut takes effect on the very next call). A timer that
   * fires late is caught up on, within CATCH_UP_MS, so a busy event loop does not cost rate.
   */
  private async pump(): Promise<void> {
    this.pumping = true;
    while (this.waiting.length > 0) {
      const now = this.now();
      const at = Math.max(this.nextAt, this.pausedUntil);
      if (at > now) {
        await this.sleep(at - now);
        continue;
      }
      const base = this.nextAt >= now - CATCH_UP_MS ? this.nextAt : now;
      this.nextAt = base + 1000 / this.perSec;
      this.stats.calls++;
      this.waiting.shift()!(++this.issued);
    }
    this.pumping = false;
  }

  succeeded(_ticket: number): void {
    this.stats.succeeded++;
    // One success per 1/rate seconds: adding 1 per success doubles the rate each second;
    // adding increase/rate adds `increase` each second.
    this.perSec = Math.min(this.max, this.perSec + (this.slowStart ? 1 : this.increase / this.perSec));
  }

  refused(ticket: number, retryAfterMs: number): void {
    this.stats.refused++;
    const now = this.now();
    if (retryAfterMs > 0) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    if (ticket <= this.cutAt) return;
    this.slowStart = false;
    this.cutAt = this.issued;
    this.stats.decreases++;
    this.perSec = Math.max(this.min, this.perSec * this.factor);
  }
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}
