/**
 * The one retry loop for calls to Google's and Microsoft's APIs: 429 and 5xx (and network errors)
 * are retried with exponential backoff, never sooner than the server's Retry-After; other errors
 * (400, 403, 404…) are answers, not accidents, and are thrown at once. When the attempts run out the
 * error propagates: a job fails this delivery and the task queue retries it from its checkpoint.
 */
/** The limiter a call goes through: wait for a slot, then say how the call went (google/adaptive-rate.ts is the Gmail deployment's). */
export interface CallLimiter {
  /** Waits until a call may start; answers the ticket to hand back with its outcome. */
  acquire(): Promise<number>;
  succeeded(ticket: number): void;
  /** The API refused the call for quota (429); `retryAfterMs` from its Retry-After (0 when none). */
  refused(ticket: number, retryAfterMs: number): void;
}

/** Whether a failed call is worth repeating, and after how long the server asked us to wait. */
export type RetryVerdict = { retry: false } | { retry: true; afterMs?: number };

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
  /** Spread the delays (each between half and all of the doubling step), so many callers do not retry in step. */
  jitter?: boolean;
  /** Which errors to retry; by default the HTTP rule above, with the error's Retry-After. */
  classify?: (err: unknown) => RetryVerdict;
  onRetry?: (attempt: number, waitMs: number) => void;
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

/** `Retry-After` in seconds (or an HTTP date) as milliseconds. */
export function retryAfterMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The Retry-After of an HTTP client's error (gaxios and fetch-style headers), in milliseconds. */
export function retryAfterOf(err: unknown): number | undefined {
  const headers = (err as { response?: { headers?: unknown } })?.response?.headers;
  let raw: unknown;
  if (headers && typeof (headers as Headers).get === 'function') raw = (headers as Headers).get('retry-after');
  else if (headers && typeof headers === 'object') raw = (headers as Record<string, unknown>)['retry-after'];
  return typeof raw === 'string' ? retryAfterMs(raw) : undefined;
}

/** The longest wait a background job accepts between attempts: Graph and the Admin SDK may ask for minutes when throttling. */
export const JOB_MAX_WAIT_MS = 120_000;

const httpVerdict = (err: unknown): RetryVerdict => (isTransient(err) ? { retry: true, afterMs: retryAfterOf(err) } : { retry: false });
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withBackoff<T>(fn: () => Promise<T>, options: BackoffOptions = {}): Promise<T> {
  const { attempts = 5, baseMs = 250, maxMs = 30_000, sleep = realSleep, limiter, refusals = 20, classify = httpVerdict } = options;
  let refused = 0;
  for (let attempt = 1; ; attempt++) {
    const ticket = limiter ? await limiter.acquire() : 0;
    try {
      const result = await fn();
      limiter?.succeeded(ticket);
      return result;
    } catch (err) {
      if (limiter && httpStatusOf(err) === 429) {
        limiter.refused(ticket, Math.min(maxMs, retryAfterOf(err) ?? 0));
        if (++refused >= refusals) throw err;
        attempt--;
        continue;
      }
      const verdict = classify(err);
      if (!verdict.retry || attempt >= attempts) throw err;
      const step = baseMs * 2 ** (attempt - 1) * (options.jitter ? 0.5 + Math.random() / 2 : 1);
      const waitMs = Math.min(maxMs, Math.max(verdict.afterMs ?? 0, step));
      options.onRetry?.(attempt, waitMs);
      await sleep(waitMs);
    }
  }
}
