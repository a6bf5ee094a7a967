import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/src/api/api-app.js';
import { route, type LazyRoute, type RouteDef } from '../../functions/src/http/route.js';
import { createTestEnv } from '../support/test-env.js';

/** A whole route as the table keeps it before its area loads: its head, and `load` for the rest. */
function lazily(def: RouteDef<any, any, any, any>, load: () => Promise<RouteDef<any, any, any, any>>): LazyRoute {
  const { method, path, access, summary } = def;
  return { method, path, access, summary, load };
}

/** Areas load on the first request that needs their handler (api/route-table.ts): when, and what a failed load answers. */
describe('a route whose area loads on first use', () => {
  it('answers a failed load with a 500 in the error format, and loads again on the next request', async () => {
    const env = await createTestEnv({ seed: null });
    let attempts = 0;
    const whole = route({ method: 'get', path: '/lazy/answer', access: 'public', summary: 'A lazily loaded answer', handler: async () => ({ answer: 42 }) });
    const http = supertest(
      createApiApp(env.deps, [
        lazily(whole, async () => {
          attempts += 1;
          if (attempts === 1) throw new Error('the chunk could not be read');
          return whole;
        }),
      ]),
    );
    const failed = await http.get('/api/lazy/answer').timeout(10_000);
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    const served = await http.get('/api/lazy/answer').timeout(10_000);
    expect(served.status).toBe(200);
    expect(served.body).toEqual({ answer: 42 });
    expect(attempts).toBe(2);
  });

  it('is not loaded for a request refused before its body is parsed', async () => {
    const env = await createTestEnv({ seed: null });
    let loads = 0;
    const guarded = route({ method: 'post', path: '/lazy/guarded', access: 'signed_in', summary: 'A lazily loaded route that needs a sign-in', handler: async () => ({}) });
    const http = supertest(
      createApiApp(env.deps, [
        lazily(guarded, async () => {
          loads += 1;
          return guarded;
        }),
      ]),
    );
    const refused = await http.post('/api/lazy/guarded').send({ any: 'thing' });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthenticated');
    expect(loads).toBe(0);
  });
});
