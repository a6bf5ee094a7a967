import { describe, expect, it } from 'vitest';
import { withBackoff } from '../../functions/src/platform/with-backoff.js';

const httpError = (status: number, headers: Record<string, string> = {}) => Object.assign(new Error(`HTTP ${status}`), { status, response: { status, headers: new Headers(headers) } });

function scripted(outcomes: (number | 'ok')[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    fn: async () => {
      const next = outcomes[calls++];
      if (next === 'ok') return 'done';
      throw httpError(next ?? 500, next === 429 ? { 'retry-after': '3' } : {});
    },
  };
}

describe('withBackoff', () => {
  it('retries 429 and 5xx with doubling delays, honouring Retry-After', async () => {
    const waits: number[] = [];
    const call = scripted([503, 500, 429, 'ok']);
    await expect(withBackoff(call.fn, { baseMs: 100, sleep: async (ms) => void waits.push(ms) })).resolves.toBe('done');
    expect(call.calls).toBe(4);
    expect(waits).toEqual([100, 200, 3000]);
  });

  it('does not retry an answer such as 400, 403 or 404', async () => {
    for (const status of [400, 401, 403, 404]) {
      const call = scripted([status, 'ok']);
      await expect(withBackoff(call.fn, { sleep: async () => {} })).rejects.toMatchObject({ status });
      expect(call.calls).toBe(1);
    }
  });

  it('gives up after the last attempt, capping the delay', async () => {
    const waits: number[] = [];
    const call = scripted([503, 503, 503, 503]);
    await expect(withBackoff(call.fn, { attempts: 4, baseMs: 1000, maxMs: 2500, sleep: async (ms) => void waits.push(ms) })).rejects.toMatchObject({ status: 503 });
    expect(call.calls).toBe(4);
    expect(waits).toEqual([1000, 2000, 2500]);
  });
});
