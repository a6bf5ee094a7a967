/** Whether a failed call is worth repeating, and after how long the server asked us to wait. */
export type RetryVerdict = { retry: false } | { retry: true; afterMs?: number };

/**
 * Repeats a source call on quota and transient errors with exponential backoff (honouring a
 * server's Retry-After). When the attempts run out the error propagates: the job fails this
 * delivery and the task queue retries it from the last checkpoint, so no page is lost.
 */
export async function withBackoff<T>(
  call: () => Promise<T>,
  classify: (err: unknown) => RetryVerdict,
  options: { baseMs: number; maxAttempts: number; onRetry?: (attempt: number, waitMs: number) => void },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const verdict = classify(err);
      if (!verdict.retry || attempt >= options.maxAttempts) throw err;
      const backoff = options.baseMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      const waitMs = Math.min(verdict.afterMs ?? backoff, 120_000);
      options.onRetry?.(attempt, waitMs);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/** `Retry-After` in seconds (or an HTTP date) as milliseconds. */
export function retryAfterMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
