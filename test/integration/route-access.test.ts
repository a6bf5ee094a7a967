import { beforeAll, describe, expect, it } from 'vitest';
import { startJob } from '../../functions/src/jobs/job-store.js';
import { loadRoutes } from '../../functions/src/api/route-table.js';
import type { RouteDef } from '../../functions/src/http/route.js';
import { hasRole } from '../../functions/src/core/roles.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fingerprints, tenantSnapshot } from '../support/tenant-fingerprint.js';
import { acmeDeletion } from '../support/privacy-fixtures.js';

/**
 * Generated from the route table, so a new route is covered without editing this file — except
 * for a resolver for a new kind of path id, which the first test demands.
 */
let env: TestEnv;
const ids: Record<string, string> = {};
const resolvers: Record<string, () => string> = {
  userId: () => ids.userId!,
  jobId: () => ids.jobId!,
  deletionId: () => ids.deletionId!,
  fileName: () => 'users.jsonl',
  uid: () => ids.uid!,
  syncJobId: () => ids.jobId!,
  campaignId: () => 'spring-launch',
  templateId: () => 'acme-standard',
  assignmentId: () => 'everyone',
  host: () => 'shop.partner.example',
  inviteId: () => ids.inviteId!,
  tenantId: () => 'acme',
  requestId: () => ids.requestId!,
  accessId: () => ids.accessId!,
  document: () => 'dpia',
  alertId: () => ids.alertId!,
};

beforeAll(async () => {
  env = await createTestEnv();
  const acmeUsers = await env.deps.db.collection('tenants/acme/users').limit(1).get();
  ids.userId = acmeUsers.docs[0]!.id;
  ids.jobId = await startJob(env.deps, { tenantId: 'acme', kind: 'retention.sweep', createdBy: 'demo-acme-admin', payload: {} });
  await env.deps.tasks.drain();
  ids.deletionId = await acmeDeletion(env.deps);
  // A throwaway Acme account: role changes made by these tests must not touch the shared demo ones.
  ids.uid = (await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'user' })).uid;
  // A pending Acme invite, for the routes that name one.
  const invited = await env.http.post('/api/members/invites').set('Authorization', `Bearer ${await env.token(DEMO.acmeAdmin)}`).send({ email: 'invited.once@acme.example', role: 'viewer' });
  ids.inviteId = invited.body.id;
  // A waiting operator access request to Acme, for the routes that name one.
  const asked = await env.http.post('/api/operator/access-requests').set('Authorization', `Bearer ${(await env.operator()).token}`).send({ tenantId: 'acme', areas: ['jobs'], reason: 'A route-access test asks', hours: 1 });
  ids.accessId = asked.body.id;
  // An open data-subject request of Acme, for the routes that name one.
  ids.requestId = (await env.http.post('/api/privacy/requests').set('Authorization', `Bearer ${await env.token(DEMO.acmeAdmin)}`).send({ type: 'erasure', person: { email: 'asked.once@elsewhere.example' }, receivedOn: '2026-11-20', channel: 'email' })).body.id;
  // An Acme alert, for the routes that name one.
  ids.alertId = await acmeAlert(env.deps);
});

async function acmeAlert(deps: TestEnv['deps']): Promise<string> {
  const { alertIdOf } = await import('../../functions/src/alerts/raise-alert.js');
  const alertId = alertIdOf('route_access', 'acme');
  const now = new Date();
  await deps.db.doc(`tenants/acme/alerts/${alertId}`).set({ detector: 'route_access', severity: 'warning', title: 'A test alert', details: 'For the route tests.', facts: {}, actor: null, about: null, source: { type: 'audit', id: 'none' }, mailId: null, raisedAt: now, acknowledgedBy: null, acknowledgedAt: null, expireAt: new Date(now.getTime() + 86_400_000) });
  return alertId;
}

function pathFor(def: RouteDef): string {
  return '/api' + def.path.replace(/:(\w+)/g, (_, name: string) => resolvers[name]!());
}

function call(def: RouteDef, token?: string) {
  const req = env.http[def.method](pathFor(def)).query(def.example?.query ?? {});
  if (token) req.set('Authorization', `Bearer ${token}`);
  if (def.bodyType === 'csv') return req.set('Content-Type', 'text/csv').send(String(def.example?.body ?? 'email\n'));
  if (def.bodyType === 'image') return req.set('Content-Type', 'image/png').send(Buffer.from(String(def.example?.body), 'base64'));
  return def.method === 'get' ? req : req.send((def.example?.body ?? {}) as object);
}

/** Whole routes (their examples and schemas), each area loaded as a first request would. */
const routes = await loadRoutes();
const tenantRoutes = routes.filter((r) => r.access !== 'public' && r.access !== 'signed_in' && r.access !== 'operator');
const operatorRoutes = routes.filter((r) => r.access === 'operator');
const memberRoutes = routes.filter((r) => r.access !== 'public' && r.access !== 'operator');
const staffRoutes = tenantRoutes.filter((r) => r.access !== 'user');
const signedInRoutes = routes.filter((r) => r.access !== 'public');
const label = (r: RouteDef) => `${r.method.toUpperCase()} ${r.path}`;

describe('the route table', () => {
  it('has a test id resolver for every path parameter', () => {
    const params = routes.flatMap((r) => [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!));
    expect(params.filter((p) => !(p in resolvers))).toEqual([]);
  });

  it('has routes for every access level', () => {
    expect(tenantRoutes.length).toBeGreaterThan(0);
    expect(staffRoutes.length).toBeGreaterThan(0);
    expect(operatorRoutes.filter((r) => r.operatorArea).length).toBeGreaterThan(0);
  });
});

describe.each(signedInRoutes.map((r) => [label(r), r] as const))('%s without a valid token', (_name, def) => {
  it('answers 401 in the error format', async () => {
    const res = await call(def);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    const forged = await call(def, 'eyJhbGciOiJub25lIn0.eyJ1aWQiOiJ4In0.');
    expect(forged.status).toBe(401);
  });
});

describe.each(tenantRoutes.map((r) => [label(r), r] as const))('%s called by another tenant', (_name, def) => {
  it("neither reads nor changes Acme's data", async () => {
    const before = await tenantSnapshot(env.deps.db, 'acme');
    const res = await call(def, await env.token(DEMO.initechAdmin));
    const after = await tenantSnapshot(env.deps.db, 'acme');
    expect(after).toEqual(before);
    // 409/412: a precondition of the caller's own tenant (e.g. no Google credentials) — never about Acme.
    expect([200, 201, 202, 204, 400, 403, 404, 409, 412]).toContain(res.status);
    const text = JSON.stringify(res.body) + (res.text ?? '');
    for (const mark of fingerprints(before, 'acme.example')) expect(text).not.toContain(mark);
  });
});

describe.each(staffRoutes.map((r) => [label(r), r] as const))('%s called by a plain employee', (_name, def) => {
  it('answers 403', async () => {
    const res = await call(def, await env.token(DEMO.acmeUser));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('permission_denied');
  });
});

describe.each(tenantRoutes.map((r) => [label(r), r] as const))('%s by role', (_name, def) => {
  it('is open exactly to its role and above', async () => {
    for (const role of ['viewer', 'editor', 'admin', 'owner'] as const) {
      const { token } = await env.account({ domain: 'acme.example', tenantId: 'acme', role });
      const res = await call(def, token);
      if (hasRole(role, def.access)) expect(res.status, role).not.toBe(403);
      else expect(res.status, role).toBe(403);
    }
  });
});

describe.each(memberRoutes.map((r) => [label(r), r] as const))('%s called by a Herald operator', (_name, def) => {
  it('answers 403 and changes nothing: operators reach a tenant only through operator routes', async () => {
    const before = await tenantSnapshot(env.deps.db, 'acme');
    const res = await call(def, (await env.operator()).token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('permission_denied');
    expect(await tenantSnapshot(env.deps.db, 'acme')).toEqual(before);
  });
});

describe.each(operatorRoutes.map((r) => [label(r), r] as const))('%s called by tenant members', (_name, def) => {
  it('answers 403 to every role, the owner included, and to another tenant', async () => {
    const tokens = [await env.token(DEMO.initechAdmin), await env.token(DEMO.acmeOwner)];
    for (const role of ['user', 'viewer', 'editor', 'admin', 'owner'] as const) tokens.push((await env.account({ domain: 'acme.example', tenantId: 'acme', role })).token);
    for (const token of tokens) {
      const res = await call(def, token);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('permission_denied');
    }
  });
});

describe.each(operatorRoutes.filter((r) => r.operatorArea).map((r) => [label(r), r] as const))('%s called by an operator without an approval', (_name, def) => {
  it("answers 403 without a word of Acme's data, and records no read", async () => {
    const before = await tenantSnapshot(env.deps.db, 'acme');
    const res = await call(def, (await env.operator()).token);
    expect(res.status).toBe(403);
    expect(await tenantSnapshot(env.deps.db, 'acme')).toEqual(before);
    const text = JSON.stringify(res.body);
    for (const mark of fingerprints(before, 'acme.example')) expect(text).not.toContain(mark);
  });
});
