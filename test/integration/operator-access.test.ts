import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/src/api/api-app.js';
import { routes } from '../../functions/src/api/route-table.js';
import { route } from '../../functions/src/http/route.js';
import { outboxId } from '../../functions/src/mail/queue-owner-mail.js';
import { setOperator } from '../../functions/src/operator/operator-account.js';
import supertest from 'supertest';
import { startSmtpCatcher } from '../support/smtp-catcher.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/** The test's clock: moved forward to see approvals expire and requests lapse. */
let clock = new Date('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;

let env: TestEnv;
let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
let ownerToken: string;
let adminToken: string;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  env = await createTestEnv({ now: () => clock, env: { SMTP_URL: smtp.url } });
  ownerToken = await env.token(DEMO.acmeOwner);
  adminToken = await env.token(DEMO.acmeAdmin);
});
afterAll(async () => smtp?.close());

const bearer = (t: string) => `Bearer ${t}`;
const ask = (token: string, body: Record<string, unknown>) =>
  env.http.post('/api/operator/access-requests').set('Authorization', bearer(token)).send({ tenantId: 'acme', areas: ['jobs'], readOnly: true, reason: 'The nightly directory sync failed twice', hours: 4, ...body });
const decide = (token: string, id: string, what: 'approve' | 'deny' | 'end') => env.http.post(`/api/operator-access/${id}/${what}`).set('Authorization', bearer(token)).send({});
const read = (token: string, tenant: string, area: string) => env.http.get(`/api/operator/tenants/${tenant}/${area}`).set('Authorization', bearer(token));
const auditOf = async (tenant: string, action: string) => (await env.deps.db.collection(`tenants/${tenant}/audit`).where('action', '==', action).get()).docs.map((d) => d.data());

/** An operator with an approval an owner gave just now. */
async function approved(body: Record<string, unknown> = {}, tenant = 'acme', owner = () => ownerToken) {
  const op = await env.operator();
  const req = await ask(op.token, { tenantId: tenant, ...body });
  expect(req.status).toBe(201);
  expect((await decide(owner(), req.body.id, 'approve')).status).toBe(200);
  return { ...op, requestId: req.body.id as string };
}

describe('operator identity', () => {
  it('is a claim only the operator command sets, on an account of no tenant', async () => {
    const op = await env.operator();
    expect((await env.deps.auth.getUser(op.uid)).customClaims).toEqual({ operator: true });
    // A tenant member cannot be made an operator: no one both approves and asks.
    const member = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'owner' });
    await expect(setOperator(env.deps.auth, member.email, true)).rejects.toThrow(/belongs to a tenant/);
  });

  it('a tenant cannot give a role to an operator account, even one on its own domain', async () => {
    const onDomain = await env.account({ domain: 'acme.example' });
    await setOperator(env.deps.auth, onDomain.email, true);
    const res = await env.http.put(`/api/members/${onDomain.uid}`).set('Authorization', bearer(adminToken)).send({ role: 'viewer' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/operator/);
    expect((await env.deps.db.doc(`tenants/acme/members/${onDomain.uid}`).get()).exists).toBe(false);
    expect((await env.deps.auth.getUser(onDomain.uid)).customClaims).toEqual({ operator: true });
  });

  it('an operator claim beside a stale tenant claim opens no tenant route', async () => {
    const op = await env.operator();
    // Even if something wrote tenant claims beside the operator mark, the caller is an operator of no tenant.
    await env.deps.auth.setCustomUserClaims(op.uid, { operator: true, tid: 'acme', role: 'owner' });
    const { signIn, authEmulatorHost } = await import('../support/test-env.js');
    const token = await signIn(authEmulatorHost(), op.email, 'herald-demo');
    const res = await env.http.get('/api/operator-access').set('Authorization', bearer(token));
    expect(res.status).toBe(403);
    expect((await env.http.get('/api/tenant').set('Authorization', bearer(token))).status).toBe(403);
  });

  it('removing the mark revokes the account’s sessions; its next sign-in is no operator', async () => {
    const op = await env.operator();
    expect((await env.http.get('/api/operator/access-requests?tenantId=acme').set('Authorization', bearer(op.token))).status).toBe(200);
    const before = (await env.deps.auth.getUser(op.uid)).tokensValidAfterTime;
    await setOperator(env.deps.auth, op.email, false);
    const after = await env.deps.auth.getUser(op.uid);
    expect(after.customClaims ?? {}).toEqual({});
    // Sessions revoked: the API's revocation check (http/caller.ts) refuses tokens issued before this time.
    expect(Date.parse(after.tokensValidAfterTime!)).toBeGreaterThanOrEqual(Date.parse(before ?? '1970-01-01T00:00:00Z'));
    const { signIn, authEmulatorHost } = await import('../support/test-env.js');
    const fresh = await signIn(authEmulatorHost(), op.email, 'herald-demo');
    const res = await env.http.get('/api/operator/access-requests?tenantId=acme').set('Authorization', bearer(fresh));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/operators only/);
  });
});

describe('access requests', () => {
  it('an operator asks; the owners see the request waiting, with who and why; the trail records it', async () => {
    const op = await env.operator();
    const res = await ask(op.token, { areas: ['directory', 'audit'], hours: 8 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ operatorEmail: op.email, state: 'pending', readOnly: true, hours: 8, expiresAt: null });
    const list = await env.http.get('/api/operator-access').set('Authorization', bearer(ownerToken));
    expect(list.status).toBe(200);
    const mine = list.body.requests.find((r: { id: string }) => r.id === res.body.id);
    expect(mine).toMatchObject({ state: 'pending', reason: 'The nightly directory sync failed twice', areas: [{ area: 'directory' }, { area: 'audit' }] });
    const trail = await auditOf('acme', 'operator.access_request');
    expect(trail.some((a) => a.target.id === res.body.id && a.actor.uid === op.uid && a.actor.role === 'operator')).toBe(true);
  });

  it("mails the request to that tenant's owners only, once: who asks, the areas, read-only, why, how long, and where to decide", async () => {
    const initechOwner = await env.account({ domain: 'initech.example', tenantId: 'initech', role: 'owner' });
    const op = await env.operator();
    await env.deps.tasks.drain();
    const before = smtp.mails.length;
    const res = await ask(op.token, { areas: ['directory', 'audit'], readOnly: true, hours: 8, reason: 'A customer ticket says the sync skipped three people' });
    expect(res.status).toBe(201);
    await env.deps.tasks.drain();
    const mails = smtp.mails.slice(before);
    expect(mails).toHaveLength(1);
    const owners = (await env.deps.db.collection('tenants/acme/members').where('role', '==', 'owner').get()).docs.map((d) => d.id);
    const ownerEmails = (await env.deps.auth.getUsers(owners.map((uid) => ({ uid })))).users.filter((u) => u.emailVerified && !u.disabled).map((u) => u.email);
    expect([...mails[0]!.to].sort()).toEqual([...ownerEmails].sort());
    expect(mails[0]!.to).toContain(DEMO.acmeOwner);
    expect(mails[0]!.to).not.toContain(DEMO.acmeAdmin);
    expect(mails[0]!.to).not.toContain(initechOwner.email);
    const text = mails[0]!.raw.slice(mails[0]!.raw.indexOf('\r\n\r\n')).replace(/=\r\n/g, '');
    expect(mails[0]!.raw).toContain('Subject: Herald support asks for access to your organisation');
    for (const words of [op.email, 'Directory (employees and their details)', 'Audit log', 'read-only', 'A customer ticket says the sync skipped three people', '8 hours', 'Operator access screen', 'Approve or deny']) expect(text).toContain(words);
    expect(text).not.toContain(res.body.id);
    expect(text).not.toContain('/api');
    // One mail per request, in acme's outbox only.
    expect((await env.deps.db.doc(`tenants/acme/outbox/${outboxId('operator_access', res.body.id)}`).get()).get('status')).toBe('sent');
    expect((await env.deps.db.collection('tenants/initech/outbox').where('kind', '==', 'operator_access').get()).size).toBe(0);

    // A request for initech goes to initech's owner, nobody at acme.
    const other = await ask(op.token, { tenantId: 'initech', areas: ['jobs'] });
    expect(other.status).toBe(201);
    await env.deps.tasks.drain();
    const next = smtp.mails.slice(before + 1);
    expect(next).toHaveLength(1);
    expect(next[0]!.to).toEqual([initechOwner.email]);
    expect(next[0]!.to.some((a) => a.endsWith('@acme.example'))).toBe(false);
  });

  it('refuses more than 72 hours, an unknown area and no reason, each at its field in words', async () => {
    const op = await env.operator();
    const res = await ask(op.token, { hours: 73, areas: ['billing'], reason: '' });
    expect(res.status).toBe(400);
    const fields = Object.fromEntries(res.body.error.fields.map((f: { field: string; label: string; message: string }) => [f.field, f]));
    expect(fields['body.hours'].label).toBe('Hours');
    expect(fields['body.hours'].message).toMatch(/72 hours/);
    expect(fields['body.areas.0'].label).toMatch(/^Areas/);
    expect(fields['body.reason'].label).toBe('Reason');
  });

  it('a tenant admin who is not an owner cannot approve (nor deny); the request stays waiting', async () => {
    const op = await env.operator();
    const req = await ask(op.token, {});
    for (const what of ['approve', 'deny'] as const) {
      const res = await decide(adminToken, req.body.id, what);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('permission_denied');
    }
    expect((await env.deps.db.doc(`tenants/acme/operatorAccess/${req.body.id}`).get()).get('status')).toBe('pending');
    expect((await read(op.token, 'acme', 'jobs')).status).toBe(403);
  });

  it('an approval is audited with who and when, and runs for the hours asked from that moment', async () => {
    const op = await approved({ hours: 6 });
    const view = (await env.http.get('/api/operator-access').set('Authorization', bearer(ownerToken))).body.requests.find((r: { id: string }) => r.id === op.requestId);
    expect(view).toMatchObject({ state: 'active', decidedByEmail: DEMO.acmeOwner, decidedAt: clock.toISOString(), expiresAt: new Date(clock.getTime() + 6 * HOUR).toISOString() });
    const entry = (await auditOf('acme', 'operator.access_approve')).find((a) => a.target.id === op.requestId)!;
    expect(entry.actor).toEqual({ uid: 'demo-acme-owner', role: 'owner' });
    // Decided once: a second decision is refused in words.
    const again = await decide(ownerToken, op.requestId, 'deny');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/only a waiting request/);
  });

  it('an operator (or a stolen operator token) cannot flood the owners: 20 requests an hour, then 429', async () => {
    const op = await env.operator();
    for (let i = 0; i < 20; i++) expect((await ask(op.token, {})).status).toBe(201);
    const res = await ask(op.token, {});
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('a request nobody decided on lapses after 72 hours and can no longer be approved', async () => {
    const op = await env.operator();
    const req = await ask(op.token, {});
    const start = clock;
    clock = new Date(start.getTime() + 73 * HOUR);
    try {
      const res = await decide(ownerToken, req.body.id, 'approve');
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/lapsed/);
    } finally {
      clock = start;
    }
  });
});

describe('operator reads', () => {
  it('without an approval: refused, and nothing is read', async () => {
    const op = await env.operator();
    for (const area of ['settings', 'users', 'jobs', 'audit', 'deployments']) {
      const res = await read(op.token, 'acme', area);
      expect(res.status, area).toBe(403);
      expect(res.body.error.message).toMatch(/no approval/);
      expect(JSON.stringify(res.body)).not.toContain('acme.example');
    }
  });

  it('while the request waits, and once it is denied: refused', async () => {
    const op = await env.operator();
    const req = await ask(op.token, { areas: ['settings'] });
    expect((await read(op.token, 'acme', 'settings')).body.error.message).toMatch(/waits for its owners/);
    expect((await decide(ownerToken, req.body.id, 'deny')).status).toBe(200);
    const res = await read(op.token, 'acme', 'settings');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/denied/);
  });

  it('within the approval: the areas it covers are served, others refused', async () => {
    const op = await approved({ areas: ['directory', 'settings'] });
    const users = await read(op.token, 'acme', 'users');
    expect(users.status).toBe(200);
    expect(users.body.users.length).toBeGreaterThan(0);
    expect((await read(op.token, 'acme', 'settings')).status).toBe(200);
    for (const area of ['jobs', 'audit', 'deployments']) {
      const res = await read(op.token, 'acme', area);
      expect(res.status, area).toBe(403);
      expect(res.body.error.message).toMatch(/does not cover/);
    }
  });

  it('after the hours approved: refused, with no sweep having run', async () => {
    const op = await approved({ areas: ['jobs'], hours: 2 });
    expect((await read(op.token, 'acme', 'jobs')).status).toBe(200);
    const start = clock;
    clock = new Date(start.getTime() + 2 * HOUR + 1000);
    try {
      const res = await read(op.token, 'acme', 'jobs');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/has ended/);
      const list = (await env.http.get('/api/operator-access').set('Authorization', bearer(ownerToken))).body.requests;
      expect(list.find((r: { id: string }) => r.id === op.requestId).state).toBe('expired');
    } finally {
      clock = start;
    }
  });

  it('an owner ending an approval early closes it at once', async () => {
    const op = await approved({ areas: ['jobs'] });
    expect((await decide(ownerToken, op.requestId, 'end')).status).toBe(200);
    expect((await read(op.token, 'acme', 'jobs')).status).toBe(403);
    expect((await auditOf('acme', 'operator.access_end')).some((a) => a.target.id === op.requestId)).toBe(true);
  });

  it("another tenant's approval does not open this tenant; another operator's approval does not open it for me", async () => {
    const initechOwner = await env.account({ domain: 'initech.example', tenantId: 'initech', role: 'owner' });
    const op = await approved({ areas: ['directory'] }, 'initech', () => initechOwner.token);
    expect((await read(op.token, 'initech', 'users')).status).toBe(200);
    const res = await read(op.token, 'acme', 'users');
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('acme.example');
    const other = await env.operator();
    expect((await read(other.token, 'initech', 'users')).status).toBe(403);
  });

  it('every read is in the tenant’s audit trail under its approval, and the owners see the list', async () => {
    const op = await approved({ areas: ['directory', 'audit', 'jobs'] });
    const before = (await auditOf('acme', 'operator.read')).length;
    for (const area of ['users', 'audit', 'jobs', 'users']) expect((await read(op.token, 'acme', area)).status).toBe(200);
    // Refused reads (outside the scope) are not reads.
    expect((await read(op.token, 'acme', 'settings')).status).toBe(403);
    const reads = (await auditOf('acme', 'operator.read')).filter((a) => a.target.id === op.requestId);
    expect(reads).toHaveLength(4);
    expect((await auditOf('acme', 'operator.read')).length - before).toBe(4);
    expect(reads.every((a) => a.actor.uid === op.uid && a.actor.role === 'operator')).toBe(true);
    const seen = await env.http.get(`/api/operator-access/${op.requestId}/reads`).set('Authorization', bearer(ownerToken));
    expect(seen.status).toBe(200);
    expect(seen.body.reads.map((r: { area: string }) => r.area).sort()).toEqual(['audit', 'directory', 'directory', 'jobs']);
    expect(seen.body.reads[0].areaLabel).toBeTruthy();
    // The tenant's audit log shows them in their own category.
    const log = await env.http.get('/api/audit?category=Operator%20access&limit=200').set('Authorization', bearer(adminToken));
    expect(log.status).toBe(200);
    expect(log.body.entries.filter((e: { action: string; target: { id: string } }) => e.action === 'operator.read' && e.target.id === op.requestId)).toHaveLength(4);
    // An admin (not an owner) does not see the approvals' reads list.
    expect((await env.http.get(`/api/operator-access/${op.requestId}/reads`).set('Authorization', bearer(adminToken))).status).toBe(403);
  });

  it('a read-only approval opens no route that changes data', async () => {
    const change = route({
      method: 'post',
      path: '/operator/tenants/:tenantId/jobs/retry',
      access: 'operator',
      operatorArea: 'jobs',
      summary: 'A change an operator might make',
      handler: async () => ({ changed: true }),
    });
    const http = supertest(createApiApp(env.deps, [...routes, change]));
    const readOnly = await approved({ areas: ['jobs'] });
    const refused = await http.post('/api/operator/tenants/acme/jobs/retry').set('Authorization', bearer(readOnly.token)).send({});
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/read-only/);
    const writer = await approved({ areas: ['jobs'], readOnly: false });
    const ok = await http.post('/api/operator/tenants/acme/jobs/retry').set('Authorization', bearer(writer.token)).send({});
    expect(ok.status).toBe(200);
    expect((await auditOf('acme', 'operator.change')).filter((a) => a.target.id === writer.requestId)).toHaveLength(1);
  });
});

describe('the route table', () => {
  it('refuses an operator route that names a tenant without the area its approval must cover', () => {
    const bare = route({ method: 'get', path: '/operator/tenants/:tenantId/campaigns', access: 'operator', summary: 'x', handler: async () => ({}) });
    expect(() => createApiApp(env.deps, [...routes, bare])).toThrow(/operatorArea/);
    const misplaced = route({ method: 'get', path: '/campaigns-for-ops', access: 'admin', operatorArea: 'jobs', summary: 'x', handler: async () => ({}) });
    expect(() => createApiApp(env.deps, [...routes, misplaced])).toThrow(/operatorArea/);
  });
});
