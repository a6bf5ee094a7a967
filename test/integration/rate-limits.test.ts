import type { Server } from 'node:http';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/src/api/api-app.js';
import { LOCATE_LOOKUPS } from '../../functions/src/tenants/tenant-routes.js';
import { REPORT_QUERIES } from '../../functions/src/tracking/tracking-routes.js';
import { asCloudFunction } from '../support/cloud-function.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

/**
 * Issue #20, item 11: per-instance rate limits on the public locator (per client address) and on
 * report queries (per signed-in caller), answered 429 with Retry-After; behind the framework.
 */
let env: TestEnv;
let server: Server;
let api: ReturnType<typeof supertest>;
beforeAll(async () => {
  env = await createTestEnv();
  server = asCloudFunction(createApiApp(env.deps));
  api = supertest(server);
});
afterAll(() => server.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('rate limits', () => {
  it('answers 429 with Retry-After to a client over the locator limit, and still serves other clients', async () => {
    const from = (address: string) => api.get('/api/locate').query({ domain: 'acme.example' }).set('X-Forwarded-For', address);
    for (let i = 0; i < LOCATE_LOOKUPS.max; i++) expect((await from('192.0.2.10')).status).toBe(200);
    const refused = await from('192.0.2.10');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.body.error.message).toMatch(/^too many region lookups: at most 60 per minute; try again in \d+ s$/);
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect((await from('198.51.100.7')).status).toBe(200);
  });

  it('is not dodged by entries a client writes into X-Forwarded-For itself', async () => {
    // Hosting and the function's front end each append one entry; whatever the client sent stands to their left.
    const spoofed = (i: number) => api.get('/api/locate').query({ domain: 'acme.example' }).set('X-Forwarded-For', `10.9.${i >> 8}.${i & 255}, 203.0.113.5, 192.0.2.99`);
    for (let i = 0; i < LOCATE_LOOKUPS.max; i++) expect((await spoofed(i)).status).toBe(200);
    expect((await spoofed(LOCATE_LOOKUPS.max)).status).toBe(429);
  });

  it('counts report queries per caller across every report route, and leaves colleagues their own', async () => {
    const viewer = (await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'viewer' })).token;
    const colleague = (await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'viewer' })).token;
    const paths = ['/api/reports/campaigns', '/api/reports/campaigns/spring-launch'];
    for (let i = 0; i < REPORT_QUERIES.max; i++) {
      const res = await api.get(paths[i % paths.length]!).set(bearer(viewer));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const refused = await api.get('/api/reports/campaigns/spring-launch').set(bearer(viewer));
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/^too many report queries: at most 30 per minute; try again in \d+ s$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await api.get('/api/reports/campaigns').set(bearer(colleague))).status).toBe(200);
  });

  it('does not count an unauthenticated report query against anyone', async () => {
    for (let i = 0; i < REPORT_QUERIES.max + 5; i++) expect((await api.get('/api/reports/campaigns')).status).toBe(401);
  });
});
