/**
 * Retries a Google API call on 429 and 5xx (and network errors) with exponential backoff,
 * honouring Retry-After. Other errors (400, 403, 404…) are answers, not accidents: thrown at once.
 */
import type { CallLimiter } from './adaptive-rate.js';

export interface BackoffOptions {
  attempts?: number;
  /**
   * Paces every attempt and learns from its outcome (a deployment's AIMD rate). A 429 is then the
   * limiter's to wait out (it slows down and honours Retry-After), and up to `refusals` of them are
   * retried before the error is thrown.
   */
  limiter?: CallLimiter;
  refusals?: number;
  baseMs?: number;
  maxMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export function httpStatusOf(err: unknown): number | undefined {
  const e = err as { status?: unknown; code?: unknown; response?: { status?: unknown } };
  for (const v of [e?.response?.status, e?.status, e?.code]) if (typeof v === 'number') return v;
  return undefined;
}

export function isTransient(err: unknown): boolean {
  const status = httpStatusOf(err);
  return status === undefined || status === 429 || status >= 500;
}

export function retryAfterMs(err: unknown): number {
  const headers = (err as { response?: { headers?: unknown } })?.response?.headers;
  let raw: unknown;
  if (headers && typeof (headers as Headers).get === 'function') raw = (headers as Headers).get('retry-after');
  else if (headers && typeof headers === 'object') raw = (headers as Record<string, unknown>)['retry-after'];
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withBackoff<T>(fn: () => Promise<T>, options: BackoffOptions = {}): Promise<T> {
  const { attempts = 5, baseMs = 250, maxMs = 30_000, sleep = realSleep, limiter, refusals = 20 } = options;
  let refused = 0;
  for (let attempt = 1; ; attempt++) {
    const ticket = limiter ? await limiter.acquire() : 0;
    try {
      const result = await fn();
      limiter?.succeeded(ticket);
      return result;
    } catch (err) {
      if (limiter && httpStatusOf(err) === 429) {
        limiter.refused(ticket, Math.min(maxMs, retryAfterMs(err)));
        if (++refused >= refusals) throw err;
        attempt--;
        continue;
      }
      if (!isTransient(err) || attempt >= attempts) throw err;
      await sleep(Math.min(maxMs, Math.max(retryAfterMs(err), baseMs * 2 ** (attempt - 1))));
    }
  }
}
