import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDns } from '../fakes/dns-fake.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

/**
 * Issue 20, item 1: roles come only from members/{uid}, onboarding never grants a role on a tenant
 * that exists, and every role change, by any path, leaves an audit entry (who, whom, from, to).
 */
let env: TestEnv;
let dns: Awaited<ReturnType<typeof startFakeDns>>;
let n = 0;

beforeAll(async () => {
  dns = await startFakeDns();
  env = await createTestEnv({ env: { HERALD_DNS_SERVERS: dns.server } });
});
afterAll(async () => {
  await dns.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The role changes audited in a tenant, oldest first, as (actor, account, from, to, via). */
async function roleChanges(tenantId: string) {
  const entries = await env.deps.db.collection(`tenants/${tenantId}/audit`).where('action', '==', 'members.role_change').get();
  return entries.docs
    .map((d) => d.data())
    .sort((a, b) => a.at.toMillis() - b.at.toMillis())
    .map((e) => ({ actor: e.actor.uid, account: e.target.id, from: e.meta.from, to: e.meta.to, via: e.meta.via }));
}

/** A founder's tenant on a domain of its own, the domain proved by DNS through the API. */
async function foundedTenant() {
  const domain = `founders${++n}.example`;
  const founder = await env.account({ domain });
  const created = await env.http.post('/api/onboarding').set(bearer(founder.token)).send({ companyName: 'Founders', domain });
  expect(created.status).toBe(201);
  const tenantId: string = created.body.tenantId;
  const ownerToken = await env.token(founder.email);
  const listed = await env.http.get('/api/tenant/domains').set(bearer(ownerToken));
  dns.records.set(domain, [listed.body.domains[0].txtRecord.value]);
  const proved = await env.http.post('/api/tenant/domains/verify').set(bearer(ownerToken)).send({ domain });
  expect(proved.status).toBe(200);
  return { domain, tenantId, founder, ownerToken };
}

describe('a removed owner cannot make themselves owner again', () => {
  it('replays the issue: onboarding answers 409 pointing to the owners, and every change is audited', async () => {
    const { domain, tenantId, founder, ownerToken } = await foundedTenant();

    // The founder makes a co-founder owner; the co-founder removes the founder.
    const cofounder = await env.account({ domain });
    expect((await env.http.put(`/api/members/${cofounder.uid}`).set(bearer(ownerToken)).send({ role: 'owner' })).status).toBe(200);
    const cofounderToken = await env.token(cofounder.email);
    expect((await env.http.put(`/api/members/${founder.uid}`).set(bearer(cofounderToken)).send({ role: null })).status).toBe(200);

    // The founder, signed in again, calls onboarding for the same domain.
    const founderToken = await env.token(founder.email);
    const again = await env.http.post('/api/onboarding').set(bearer(founderToken)).send({ companyName: 'Founders again', domain });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    expect(fieldText(again)).toBe(`body.domain: ${domain} is already set up on Herald. Ask one of its owners (${cofounder.email}) to give you access.`);

    // Still not a member, no claims naming the tenant, and no power over the co-founder.
    expect((await env.deps.db.doc(`tenants/${tenantId}/members/${founder.uid}`).get()).exists).toBe(false);
    expect((await env.deps.auth.getUser(founder.uid)).customClaims ?? {}).toEqual({});
    const fresh = await env.token(founder.email);
    const strike = await env.http.put(`/api/members/${cofounder.uid}`).set(bearer(fresh)).send({ role: null });
    expect(strike.status).toBe(403);
    // Nor with the token they held as owner.
    const stale = await env.http.put(`/api/members/${cofounder.uid}`).set(bearer(ownerToken)).send({ role: null });
    expect([401, 403]).toContain(stale.status);
    expect((await env.deps.db.doc(`tenants/${tenantId}/members/${cofounder.uid}`).get()).get('role')).toBe('owner');

    expect(await roleChanges(tenantId)).toEqual([
      { actor: founder.uid, account: founder.uid, from: 'none', to: 'owner', via: 'onboarding' },
      { actor: founder.uid, account: cofounder.uid, from: 'none', to: 'owner', via: 'members' },
      { actor: cofounder.uid, account: founder.uid, from: 'owner', to: 'none', via: 'members' },
    ]);
    // Ids only in the audit trail: no address of anyone.
    const audit = await env.deps.db.collection(`tenants/${tenantId}/audit`).get();
    expect(JSON.stringify(audit.docs.map((d) => d.data()))).not.toContain('@');
  });

  it('a repeated onboarding by the owner, before their token knows the tenant, creates nothing and grants nothing', async () => {
    const domain = `founders${++n}.example`;
    const founder = await env.account({ domain });
    const first = await env.http.post('/api/onboarding').set(bearer(founder.token)).send({ companyName: 'Once', domain });
    expect(first.status).toBe(201);
    // The same (pre-onboarding) token again: the domain is still unproven, yet no second tenant.
    const second = await env.http.post('/api/onboarding').set(bearer(founder.token)).send({ companyName: 'Twice', domain });
    expect(second.status).toBe(409);
    const tenants = await env.deps.db.collection('tenants').where('domains', 'array-contains', domain).get();
    expect(tenants.size).toBe(1);
    expect(await roleChanges(first.body.tenantId)).toHaveLength(1);
  });
});

describe('every role change is audited, whatever the path', () => {
  it('PUT /api/members: grant, change and removal each record who, whom, from and to', async () => {
    const { domain, tenantId, founder, ownerToken } = await foundedTenant();
    const colleague = await env.account({ domain });
    const put = (role: string | null) => env.http.put(`/api/members/${colleague.uid}`).set(bearer(ownerToken)).send({ role });
    expect((await put('viewer')).status).toBe(200);
    expect((await put('admin')).status).toBe(200);
    expect((await put('admin')).status).toBe(200); // unchanged: nothing to record
    expect((await put(null)).status).toBe(200);
    const changes = (await roleChanges(tenantId)).filter((c) => c.account === colleague.uid);
    expect(changes).toEqual([
      { actor: founder.uid, account: colleague.uid, from: 'none', to: 'viewer', via: 'members' },
      { actor: founder.uid, account: colleague.uid, from: 'viewer', to: 'admin', via: 'members' },
      { actor: founder.uid, account: colleague.uid, from: 'admin', to: 'none', via: 'members' },
    ]);
  });

  it('joining is audited, and never changes a role the account already holds', async () => {
    const { domain, tenantId, ownerToken } = await foundedTenant();
    const employee = await env.account({ domain });
    const imported = await env.http
      .post('/api/directory/import')
      .set(bearer(ownerToken))
      .set('Content-Type', 'text/csv')
      .send(`email,firstName,lastName\n${employee.email},Pat,Example\n`);
    expect(imported.status).toBe(200);
    expect((await env.http.post('/api/me/join').set(bearer(employee.token))).status).toBe(200);
    expect((await roleChanges(tenantId)).filter((c) => c.account === employee.uid)).toEqual([
      { actor: employee.uid, account: employee.uid, from: 'none', to: 'user', via: 'join' },
    ]);

    // An admin whose token predates their claims (no tenant in it) calls join: they stay admin.
    expect((await env.http.put(`/api/members/${employee.uid}`).set(bearer(ownerToken)).send({ role: 'admin' })).status).toBe(200);
    const rejoin = await env.http.post('/api/me/join').set(bearer(employee.token));
    expect(rejoin.status).toBe(409);
    expect((await env.deps.db.doc(`tenants/${tenantId}/members/${employee.uid}`).get()).get('role')).toBe('admin');
    expect((await env.deps.auth.getUser(employee.uid)).customClaims).toEqual({ tid: tenantId, role: 'admin' });
  });
});
