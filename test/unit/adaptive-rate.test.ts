import { describe, expect, it } from 'vitest';
import { AdaptiveRate, type AdaptiveRateOptions } from '../../functions/src/google/adaptive-rate.js';
import { withBackoff } from '../../functions/src/platform/with-backoff.js';

/** A limiter on a virtual clock: sleeping moves the clock, so tests see the schedule, not the time it takes. */
function virtual(options: AdaptiveRateOptions = {}) {
  let clock = 0;
  const sleeps: number[] = [];
  const rate = new AdaptiveRate({
    ...options,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  });
  return { rate, sleeps, at: () => clock, advance: (ms: number) => (clock += ms) };
}

const quotaError = (retryAfter?: string) => Object.assign(new Error('HTTP 429'), { status: 429, response: { status: 429, headers: new Headers(retryAfter ? { 'retry-after': retryAfter } : {}) } });

describe('AdaptiveRate (AIMD pacing of a shared quota)', () => {
  it('spaces calls at its rate', async () => {
    const v = virtual({ initialPerSec: 10 });
    const starts: number[] = [];
    for (let i = 0; i < 4; i++) {
      await v.rate.acquire();
      starts.push(v.at());
    }
    expect(starts).toEqual([0, 100, 200, 300]);
  });

  it('doubles its rate each second of successes until the first refusal, then grows by the fixed step', async () => {
    const v = virtual({ initialPerSec: 10, increasePerSec: 5 });
    for (let i = 0; i < 10; i++) v.rate.succeeded(await v.rate.acquire());
    expect(v.rate.rate).toBe(20);
    v.rate.refused(await v.rate.acquire(), 0);
    expect(v.rate.rate).toBe(16);
    // A second of successes: +5.
    let before = v.rate.rate;
    const start = v.at();
    while (v.at() - start < 1000) v.rate.succeeded(await v.rate.acquire());
    expect(v.rate.rate).toBeGreaterThan(before + 4.4);
    expect(v.rate.rate).toBeLessThan(before + 5.6);
    before = v.rate.rate;
    v.rate.succeeded(await v.rate.acquire());
    expect(v.rate.rate - before).toBeLessThan(1);
  });

  it('cuts its rate once for a round of refusals, not once per refused call', async () => {
    const v = virtual({ initialPerSec: 100, decrease: 0.5 });
    const tickets = [await v.rate.acquire(), await v.rate.acquire(), await v.rate.acquire()];
    for (const t of tickets) v.rate.refused(t, 0);
    expect(v.rate.rate).toBe(50);
    expect(v.rate.stats).toMatchObject({ refused: 3, decreases: 1 });
    // A call sent after the cut and refused again cuts again.
    v.rate.refused(await v.rate.acquire(), 0);
    expect(v.rate.rate).toBe(25);
  });

  it('pauses every call until Retry-After has passed', async () => {
    const v = virtual({ initialPerSec: 100 });
    v.rate.refused(await v.rate.acquire(), 3000);
    const refusedAt = v.at();
    await v.rate.acquire();
    expect(v.at()).toBeGreaterThanOrEqual(refusedAt + 3000);
  });

  it('stays within its bounds', async () => {
    const v = virtual({ initialPerSec: 4, minPerSec: 2, maxPerSec: 6, decrease: 0.5 });
    for (let i = 0; i < 50; i++) v.rate.succeeded(await v.rate.acquire());
    expect(v.rate.rate).toBe(6);
    for (let i = 0; i < 5; i++) v.rate.refused(await v.rate.acquire(), 0);
    expect(v.rate.rate).toBe(2);
  });

  it('gives two callers meeting the same quota converging shares (equal steps up, proportional cuts)', async () => {
    const a = virtual({ initialPerSec: 900, increasePerSec: 20, decrease: 0.8 });
    const b = virtual({ initialPerSec: 100, increasePerSec: 20, decrease: 0.8 });
    const gap = () => Math.abs(a.rate.rate - b.rate.rate);
    const initial = gap();
    // Each round: both grow for a second; when together they pass the quota, both are refused.
    for (let round = 0; round < 100; round++) {
      for (const v of [a, b]) {
        const n = Math.round(v.rate.rate);
        for (let i = 0; i < n; i++) v.rate.succeeded(await v.rate.acquire());
      }
      if (a.rate.rate + b.rate.rate > 1000) for (const v of [a, b]) v.rate.refused(await v.rate.acquire(), 0);
    }
    expect(gap()).toBeLessThan(initial / 10);
  });

  it('is what withBackoff consults: a 429 goes to the limiter and is retried, other errors are not', async () => {
    const v = virtual({ initialPerSec: 10 });
    let calls = 0;
    const result = await withBackoff(
      async () => {
        if (++calls <= 2) throw quotaError(calls === 1 ? '2' : undefined);
        return 'ok';
      },
      { limiter: v.rate, sleep: async () => expect.unreachable('the limiter paces 429s, not the backoff') },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(v.rate.stats).toMatchObject({ calls: 3, refused: 2, succeeded: 1 });
    expect(v.at()).toBeGreaterThanOrEqual(2000);
    await expect(withBackoff(async () => Promise.reject(Object.assign(new Error('HTTP 404'), { status: 404 })), { limiter: v.rate })).rejects.toThrow('404');
  });

  it('gives up after `refusals` 429s in a row', async () => {
    const v = virtual({ initialPerSec: 1000 });
    let calls = 0;
    await expect(withBackoff(async () => Promise.reject(quotaError((++calls, undefined))), { limiter: v.rate, refusals: 4 })).rejects.toThrow('429');
    expect(calls).toBe(4);
  });
});
