import { describe, expect, it } from 'vitest';
import { AppError } from '../../functions/src/core/errors.js';
import { RateLimiter, retryAfterSecondsOf } from '../../functions/src/http/rate-limit.js';

describe('RateLimiter', () => {
  const limit = { per: 'client' as const, max: 2, windowSeconds: 60, what: 'lookups' };

  it('refuses past the limit with the seconds left in the window, then starts a new window', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(limit, () => now);
    limiter.consume('a');
    limiter.consume('a');
    now += 15_000;
    let err: unknown;
    try {
      limiter.consume('a');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('rate_limited');
    expect(retryAfterSecondsOf(err)).toBe(45);
    now += 45_000;
    expect(() => limiter.consume('a')).not.toThrow();
  });

  it('holds at most maxKeys keys, however many clients there are', () => {
    const limiter = new RateLimiter(limit, Date.now, 100);
    for (let i = 0; i < 10_000; i++) limiter.consume(`client-${i}`);
    expect(limiter.size).toBe(100);
  });
});
