import { LRUCache } from 'lru-cache';
import { AppError } from '../core/errors.js';

/**
 * Per-instance rate limits (issue #20, item 11): a fixed window of `max` requests per key, kept in
 * this instance's memory only (nothing stored, nothing shared). Memory is bounded: at most
 * MAX_KEYS keys, the least recently seen dropped first (a dropped key starts a fresh window).
 */
export interface RateLimit {
  /** Whose requests count together: the client's address (public routes), or the signed-in caller (tenant + uid). */
  per: 'client' | 'caller';
  max: number;
  windowSeconds: number;
  /** What is counted, in the error: e.g. 'region lookups'. */
  what: string;
}

export const MAX_KEYS = 10_000;

interface Window {
  count: number;
  resetAt: number;
}

export class RateLimiter {
  private readonly windows: LRUCache<string, Window>;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
    maxKeys = MAX_KEYS,
  ) {
    this.windows = new LRUCache<string, Window>({ max: maxKeys });
  }

  /** Counts one request for `key`; over the limit, throws `rate_limited` with the seconds to wait. */
  consume(key: string): void {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.limit.windowSeconds * 1000 };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count > this.limit.max) {
      const retryAfterSeconds = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
      throw new AppError('rate_limited', `too many ${this.limit.what}: at most ${this.limit.max} per ${describeWindow(this.limit.windowSeconds)}; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
  }

  /** How many keys are held (bounded by maxKeys). */
  get size(): number {
    return this.windows.size;
  }
}

/** The seconds to wait, from a `rate_limited` error (for the Retry-After header). */
export function retryAfterSecondsOf(err: unknown): number | undefined {
  if (!(err instanceof AppError) || err.code !== 'rate_limited') return undefined;
  return (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
}

function describeWindow(seconds: number): string {
  return seconds % 60 === 0 ? (seconds === 60 ? 'minute' : `${seconds / 60} minutes`) : `${seconds} seconds`;
}
