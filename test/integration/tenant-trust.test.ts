import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doc } from '../../functions/src/core/catalog.js';
import { syncSettingsRef } from '../../functions/src/directory/sync-settings.js';
import { startJob } from '../../functions/src/jobs/job-store.js';
import { txtRecordFor } from '../../functions/src/trust/dns-proof.js';
import { startFakeDns } from '../fakes/dns-fake.js';
import { FakeGmail } from '../fakes/fake-gmail.js';
import { FAKE_GOOGLE_CUSTOMER_ID, fakeGoogleUsers, startFakeGoogle } from '../fakes/google-directory-fake.js';
import { json, startHttpFake } from '../fakes/http-fake.js';
import { startFakeGraph } from '../fakes/microsoft-graph-fake.js';
import { runSync, usersOf } from '../support/directory-helpers.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

/**
 * Issue 11: Herald acts only on what the customer proved it owns. Each attack of the issue, through
 * the HTTP API and the fakes of Google, Microsoft, Gmail, DNS and the other region's locator.
 */
const ENTRA_TENANT = '7c1d5e2a-0000-4000-8000-0000000b0b0b';
/** The Global Administrator role's template id, as Entra puts it in `wids`. */
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const CLIENT = { clientId: '5e7a1d2c-0000-4000-8000-00000000c0de', clientSecret: 'fake-secret-not-real' };

let env: TestEnv;
let google: Awaited<ReturnType<typeof startFakeGoogle>>;
let graph: Awaited<ReturnType<typeof startFakeGraph>>;
let gmail: FakeGmail;
let dns: Awaited<ReturnType<typeof startFakeDns>>;
let peer: Awaited<ReturnType<typeof startHttpFake>>;
/** Domains the other region's locator says it holds. */
const peerDomains = new Set<string>();
let n = 0;

beforeAll(async () => {
  google = await startFakeGoogle({ users: [] });
  graph = await startFakeGraph({ tenantId: ENTRA_TENANT, ...CLIENT, users: [] });
  gmail = await new FakeGmail().start();
  dns = await startFakeDns();
  peer = await startHttpFake((req, res) => (peerDomains.has(req.query.domain ?? '') ? json(res, 200, { region: 'us' }) : json(res, 404, { error: { code: 'not_found' } })));
  // One token endpoint for both Google fakes (the env points the service account at Gmail's).
  google.state.tokenEndpoint = gmail.tokenEndpoint;
  env = await createTestEnv({
    env: { ...google.env(), ...graph.env(), ...gmail.env(), HERALD_DNS_SERVERS: dns.server, PEER_LOCATOR_URL: `${peer.url}/api/locate` },
  });
});
afterAll(async () => {
  await Promise.all([google.close(), graph.close(), gmail.stop(), dns.close(), peer.close()]);
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A tenant of its own, with what it proved (nothing unless said), and its owner's account. */
async function tenantWith(input: { ownDomainVerified?: boolean; googleCustomerId?: string | null; entraTenantId?: string | null; source?: 'csv' | 'google' | 'microsoft' } = {}) {
  const tenantId = `trust${++n}`;
  const domain = `${tenantId}.example`;
  const now = env.deps.now();
  await doc(env.deps.db, 'tenants', { tenantId }).set({
    name: tenantId,
    region: 'eu',
    status: 'active',
    domains: [domain],
    verifiedDomains: input.ownDomainVerified ? [domain] : [],
    googleCustomerId: input.googleCustomerId ?? null,
    entraTenantId: input.entraTenantId ?? null,
    directorySource: input.source ?? 'csv',
    settings: { auditRetentionDays: 365, fallbackUrl: null, gmailSignatures: false, recipientTracking: { enabled: false, retentionDays: 90 } },
    createdAt: now,
  });
  const owner = await env.account({ domain, tenantId, role: 'owner' });
  await doc(env.deps.db, 'members', { tenantId, uid: owner.uid }).set({ role: 'owner', grantedBy: owner.uid, grantedAt: now });
  return { tenantId, domain, owner };
}

/** The fake's one Entra tenant binds to one Herald tenant at a time: a test gives it back when done. */
const releaseEntra = (tenantId: string) => env.deps.db.doc(`tenants/${tenantId}`).update({ entraTenantId: null });

/** A directory record; with `entraObjectId`, one synced from Microsoft Graph (source microsoft, its object id). */
async function addDirectoryUser(tenantId: string, email: string, userId = `u-${Math.random().toString(36).slice(2, 10)}`, entraObjectId?: string) {
  const now = env.deps.now();
  await doc(env.deps.db, 'users', { tenantId, userId }).set({
    email,
    firstName: 'Pat',
    lastName: 'Example',
    title: '',
    workPhone: '',
    mobilePhone: '',
    addresses: [],
    groups: [],
    ...(entraObjectId ? { source: 'microsoft' as const, externalId: entraObjectId } : { source: 'manual' as const }),
    contentHash: 'd'.repeat(64),
    overrides: {},
    createdAt: now,
    updatedAt: now,
  });
  return userId;
}

describe('cross-customer takeover', () => {
  it("refuses an adminEmail or customer id outside the tenant's proof (Acme naming Initech's admin)", async () => {
    const admin = await env.token(DEMO.acmeAdmin);
    const foreign = await env.http.put('/api/directory/settings').set(bearer(admin)).send({ source: 'google', google: { customerId: 'my_customer', adminEmail: 'admin@initech.example' } });
    expect(foreign.status).toBe(403);
    expect(fieldText(foreign)).toContain('body.google.adminEmail');
    const typed = await env.http.put('/api/directory/settings').set(bearer(admin)).send({ source: 'google', google: { customerId: 'C0initech00', adminEmail: 'admin@acme.example' } });
    expect(typed.status).toBe(403);
    expect(fieldText(typed)).toContain('body.google.customerId');
    // The settings still name Acme's own customer and admin.
    const settings = (await syncSettingsRef(env.deps, 'acme').get()).data();
    expect(settings?.google?.adminEmail ?? null).not.toBe('admin@initech.example');
    const own = await env.http.put('/api/directory/settings').set(bearer(admin)).send({ source: 'google', google: { adminEmail: 'it@acme.example' } });
    expect(own.status).toBe(200);
    expect(own.body.google).toEqual({ customerId: 'C01acme00', adminEmail: 'it@acme.example' });
  });

  it('refuses a Microsoft tenant id that was not bound from admin consent', async () => {
    const { owner } = await tenantWith();
    const res = await env.http.put('/api/directory/settings').set(bearer(owner.token)).send({ source: 'microsoft', microsoft: { tenantId: ENTRA_TENANT } });
    expect(res.status).toBe(412);
    const bound = await tenantWith({ entraTenantId: ENTRA_TENANT });
    const other = await env.http.put('/api/directory/settings').set(bearer(bound.owner.token)).send({ source: 'microsoft', microsoft: { tenantId: '11111111-2222-4333-8444-555555555555' } });
    expect(other.status).toBe(403);
    expect(fieldText(other)).toContain('body.microsoft.tenantId');
    await releaseEntra(bound.tenantId);
  });

  it("rejects CSV rows outside the tenant's verified domains, naming the row", async () => {
    const admin = await env.token(DEMO.initechAdmin);
    const csv = 'email,firstName,lastName\nnew.hire@initech.example,New,Hire\nceo@acme.example,Chief,Executive\n';
    const res = await env.http.post('/api/directory/import').set(bearer(admin)).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
    expect(res.body.applied).toBe(false);
    expect(res.body.errors).toEqual([{ row: 3, field: 'email', value: 'ceo@acme.example', message: expect.stringContaining('acme.example is not a verified domain of this tenant') }]);
    expect((await usersOf(env.deps, 'initech')).has('ceo@acme.example')).toBe(false);
  });

  it('never impersonates a mailbox outside the verified domains in a Gmail deploy', async () => {
    const { tenantId, domain, owner } = await tenantWith({ source: 'google', googleCustomerId: 'C0trustgm1', ownDomainVerified: true });
    await addDirectoryUser(tenantId, `staff@${domain}`, 'u-staff');
    // A record on another company's domain, however it got there, is never acted on.
    await addDirectoryUser(tenantId, 'ceo@initech.example', 'u-foreign');
    const created = await env.http
      .post('/api/templates')
      .set(bearer(owner.token))
      .send({ name: 'Standard', html: '<p>{{firstName}} <a href="https://evil.example">x</a></p>' });
    expect(created.status).toBe(201);
    await env.http.put('/api/template-assignments').set(bearer(owner.token)).send({ templateId: created.body.id, target: { kind: 'everyone' }, priority: 10 });
    await env.deps.tasks.drain();
    const before = gmail.calls.length;
    const res = await env.http.post('/api/signatures/deploy').set(bearer(owner.token)).send({ force: true });
    expect(res.status).toBe(202);
    await env.deps.tasks.drain();
    const job = (await env.http.get(`/api/jobs/${res.body.jobId}`).set(bearer(owner.token))).body;
    expect(job.counts).toMatchObject({ pushed: 1, outside_verified_domains: 1 });
    const impersonated = gmail.calls.slice(before).map((c) => c.subject);
    expect(impersonated).toEqual([`staff@${domain}`]);
  });

  it('holds a Google sync whose listing belongs to another customer, writing nothing', async () => {
    const { tenantId, domain } = await tenantWith({ googleCustomerId: FAKE_GOOGLE_CUSTOMER_ID, source: 'google' });
    await syncSettingsRef(env.deps, tenantId).set({ google: { customerId: FAKE_GOOGLE_CUSTOMER_ID, adminEmail: `it@${domain}` }, microsoft: null, deltaLink: null, updatedAt: env.deps.now() });
    google.state.users = fakeGoogleUsers(3, domain);
    // No domain proven yet: nothing is synced (and nobody could be removed).
    expect(await runSync(env.deps, tenantId)).toMatchObject({ status: 'held', error: { code: 'no_verified_domains' } });
    await env.deps.db.doc(`tenants/${tenantId}`).update({ verifiedDomains: [domain] });
    await syncSettingsRef(env.deps, tenantId).set({ google: { customerId: FAKE_GOOGLE_CUSTOMER_ID, adminEmail: `it@${domain}` }, microsoft: null, deltaLink: null, updatedAt: env.deps.now() });
    google.state.users = fakeGoogleUsers(3, domain).map((u) => ({ ...u, customerId: 'C0someoneelse' }));
    const job = await runSync(env.deps, tenantId);
    expect(job).toMatchObject({ status: 'held', error: { code: 'source_mismatch' } });
    expect((await usersOf(env.deps, tenantId)).size).toBe(0);
    // The same listing of the bound customer syncs, minus the rows outside the verified domains.
    google.state.users = [...fakeGoogleUsers(3, domain), ...fakeGoogleUsers(1, 'initech.example', 10)];
    const ok = await runSync(env.deps, tenantId);
    expect(ok).toMatchObject({ status: 'done', counts: { created: 3, outsideVerifiedDomains: 1 } });
    expect([...(await usersOf(env.deps, tenantId)).keys()].every((e) => e.endsWith(`@${domain}`))).toBe(true);
  });

  it('holds a Microsoft sync when Graph answers for another Entra tenant, writing nothing', async () => {
    const { tenantId, domain } = await tenantWith({ entraTenantId: ENTRA_TENANT, source: 'microsoft', ownDomainVerified: true });
    await syncSettingsRef(env.deps, tenantId).set({ google: null, microsoft: { tenantId: ENTRA_TENANT }, deltaLink: null, updatedAt: env.deps.now() });
    graph.state.upsert({ id: '00000000-0000-4000-8000-000000000001', mail: `someone@${domain}`, userPrincipalName: `someone@${domain}` });
    graph.state.organization.id = '99999999-0000-4000-8000-000000000000';
    try {
      const job = await runSync(env.deps, tenantId);
      expect(job).toMatchObject({ status: 'held', error: { code: 'source_mismatch' } });
      expect((await usersOf(env.deps, tenantId)).size).toBe(0);
    } finally {
      graph.state.organization.id = ENTRA_TENANT;
    }
    const ok = await runSync(env.deps, tenantId);
    expect(ok.status).toBe('done');
    expect([...(await usersOf(env.deps, tenantId)).keys()]).toEqual([`someone@${domain}`]);
    await releaseEntra(tenantId);
  });
});

describe('domain squatting', () => {
  it('refuses free-mail domains, and the locator never answers for them', async () => {
    const someone = await env.account({ domain: 'gmail.com' });
    const res = await env.http.post('/api/onboarding').set(bearer(someone.token)).send({ companyName: 'Not Google', domain: 'gmail.com' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('free-mail');
    expect((await env.http.get('/api/locate').query({ domain: 'gmail.com' })).status).toBe(404);
  });

  it("refuses a domain the other region's locator holds, and fails closed when it cannot answer", async () => {
    peerDomains.add('hooli-us.example');
    const founder = await env.account({ domain: 'hooli-us.example' });
    const res = await env.http.post('/api/onboarding').set(bearer(founder.token)).send({ companyName: 'Hooli', domain: 'hooli-us.example' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('other region');
    expect(peer.requests.some((r) => r.query.domain === 'hooli-us.example')).toBe(true);
  });

  it('an unproven claim locks nothing: the domain goes to whoever proves it by DNS, once', async () => {
    const squatter = await env.account({ domain: 'pied-piper.example' });
    const first = await env.http.post('/api/onboarding').set(bearer(squatter.token)).send({ companyName: 'Pied Piper?', domain: 'pied-piper.example' });
    expect(first.status).toBe(201);
    expect(first.body.verifiedDomains).toEqual([]);
    expect((await env.http.get('/api/locate').query({ domain: 'pied-piper.example' })).status).toBe(404);

    const real = await env.account({ domain: 'pied-piper.example' });
    const second = await env.http.post('/api/onboarding').set(bearer(real.token)).send({ companyName: 'Pied Piper', domain: 'pied-piper.example' });
    expect(second.status).toBe(201);
    const realToken = await env.token(real.email);

    const listed = await env.http.get('/api/tenant/domains').set(bearer(realToken));
    expect(listed.status).toBe(200);
    const record = listed.body.domains[0].txtRecord;
    expect(record).toEqual(txtRecordFor(env.deps, second.body.tenantId, 'pied-piper.example'));
    const early = await env.http.post('/api/tenant/domains/verify').set(bearer(realToken)).send({ domain: 'pied-piper.example' });
    expect(early.status).toBe(412);

    // The squatter's own record proves nothing for the real company's tenant, and vice versa.
    dns.records.set('pied-piper.example', ['v=spf1 -all', txtRecordFor(env.deps, first.body.tenantId, 'pied-piper.example').value.replace(/.$/, '_')]);
    expect((await env.http.post('/api/tenant/domains/verify').set(bearer(realToken)).send({ domain: 'pied-piper.example' })).status).toBe(412);
    dns.records.set('pied-piper.example', ['v=spf1 -all', record.value]);
    const proved = await env.http.post('/api/tenant/domains/verify').set(bearer(realToken)).send({ domain: 'pied-piper.example' });
    expect(proved.status).toBe(200);
    expect(proved.body.verifiedDomains).toEqual(['pied-piper.example']);
    expect((await env.http.get('/api/locate').query({ domain: 'pied-piper.example' })).body).toEqual({ region: 'eu' });

    // Now the squatter cannot verify it, and nobody can start a new tenant on it.
    dns.records.set('pied-piper.example', [txtRecordFor(env.deps, first.body.tenantId, 'pied-piper.example').value]);
    const squat = await env.http.post('/api/tenant/domains/verify').set(bearer(await env.token(squatter.email))).send({ domain: 'pied-piper.example' });
    expect(squat.status).toBe(409);
    const late = await env.account({ domain: 'pied-piper.example' });
    expect((await env.http.post('/api/onboarding').set(bearer(late.token)).send({ companyName: 'PP', domain: 'pied-piper.example' })).status).toBe(409);
  });
});

describe('identity proofs', () => {
  it("connects Google Workspace from a super admin's own token: binds the customer and Google's verified domains", async () => {
    const { tenantId, domain, owner } = await tenantWith();
    google.state.adminTokens.set('ya29.admin-token-of-trust-customer', {
      customerId: 'C0trustcust',
      email: owner.email,
      domains: [
        { domainName: domain, verified: true, isPrimary: true },
        { domainName: `mail.${domain}`, verified: true },
        { domainName: `pending.${domain}`, verified: false },
      ],
    });
    const res = await env.http.post('/api/tenant/google/connect').set(bearer(owner.token)).send({ accessToken: 'ya29.admin-token-of-trust-customer' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ googleCustomerId: 'C0trustcust', verifiedDomains: [domain, `mail.${domain}`].sort() });
    const tenant = (await doc(env.deps.db, 'tenants', { tenantId }).get()).data()!;
    expect(tenant).toMatchObject({ googleCustomerId: 'C0trustcust', verifiedDomains: [domain, `mail.${domain}`].sort() });

    // The same Workspace cannot be connected to a second Herald tenant.
    const rival = await tenantWith();
    google.state.adminTokens.set('ya29.admin-token-of-trust-customer-2', { customerId: 'C0trustcust', email: rival.owner.email, domains: [{ domainName: rival.domain, verified: true }] });
    const again = await env.http.post('/api/tenant/google/connect').set(bearer(rival.owner.token)).send({ accessToken: 'ya29.admin-token-of-trust-customer-2' });
    expect(again.status).toBe(409);
    // A token another application obtained from the admin is not replayable here.
    google.state.adminTokens.set('ya29.token-issued-to-another-app', { customerId: 'C0victim00', domains: [{ domainName: rival.domain, verified: true }], audience: 'other-app.apps.googleusercontent.example' });
    const replayed = await env.http.post('/api/tenant/google/connect').set(bearer(rival.owner.token)).send({ accessToken: 'ya29.token-issued-to-another-app' });
    expect(replayed.status).toBe(403);
    expect(replayed.body.error.message).toContain('another application');
    // A token Google refuses proves nothing.
    const bad = await env.http.post('/api/tenant/google/connect').set(bearer(rival.owner.token)).send({ accessToken: 'ya29.not-an-admin-token-at-all' });
    expect(bad.status).toBe(403);
  });

  it("connects Microsoft 365 from a Global Administrator's ID token; a token of another tenant or issuer binds nothing", async () => {
    const { tenantId, domain, owner } = await tenantWith();
    graph.state.organization.verifiedDomains = [{ name: domain, isDefault: true }, { name: 'trustorg.onmicrosoft.example' }];
    const adminOid = '0a0a0a0a-0000-4000-8000-00000000ad01';
    graph.state.upsert({ id: adminOid, mail: owner.email, userPrincipalName: owner.email });
    const idToken = await graph.idToken({ email: owner.email, oid: adminOid, wids: [GLOBAL_ADMIN] });
    const res = await env.http.post('/api/tenant/microsoft/connect').set(bearer(owner.token)).send({ idToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ entraTenantId: ENTRA_TENANT, verifiedDomains: [domain, 'trustorg.onmicrosoft.example'].sort() });
    expect((await doc(env.deps.db, 'tenants', { tenantId }).get()).data()).toMatchObject({ entraTenantId: ENTRA_TENANT });

    const other = await tenantWith();
    // A tid whose issuer is another tenant (the multi-tenant trap), and a tenant that never consented.
    const forged = await graph.idToken({ email: other.owner.email, tid: '22222222-0000-4000-8000-000000000000', issuerTid: ENTRA_TENANT, wids: [GLOBAL_ADMIN] });
    expect((await env.http.post('/api/tenant/microsoft/connect').set(bearer(other.owner.token)).send({ idToken: forged })).status).toBe(400);
    const unconsented = await graph.idToken({ email: other.owner.email, tid: '33333333-0000-4000-8000-000000000000', wids: [GLOBAL_ADMIN] });
    expect((await env.http.post('/api/tenant/microsoft/connect').set(bearer(other.owner.token)).send({ idToken: unconsented })).status).toBe(412);
    // Someone else's token does not connect the caller's tenant either.
    const stolen = await graph.idToken({ email: owner.email, oid: adminOid, wids: [GLOBAL_ADMIN] });
    expect((await env.http.post('/api/tenant/microsoft/connect').set(bearer(other.owner.token)).send({ idToken: stolen })).status).toBe(403);
    await releaseEntra(tenantId);
    graph.state.remove(adminOid);
  });

  it('lets a Microsoft 365 employee join: the bound Entra tenant vouches for their unverified Firebase email', async () => {
    const { tenantId, domain } = await tenantWith({ entraTenantId: ENTRA_TENANT, ownDomainVerified: true });
    const employee = await env.account({ domain, emailVerified: false });
    const employeeOid = '0a0a0a0a-0000-4000-8000-00000000e001';
    await addDirectoryUser(tenantId, employee.email, undefined, employeeOid);
    const refused = await env.http.post('/api/me/join').set(bearer(employee.token));
    expect(refused.status).toBe(403);

    const otherOid = '0a0a0a0a-0000-4000-8000-00000000e002';
    await addDirectoryUser(tenantId, `someone.else@${domain}`, undefined, otherOid);
    const wrongUser = await graph.idToken({ email: employee.email, oid: otherOid });
    expect((await env.http.post('/api/me/microsoft-proof').set(bearer(employee.token)).send({ idToken: wrongUser })).status).toBe(403);
    const proof = await env.http.post('/api/me/microsoft-proof').set(bearer(employee.token)).send({ idToken: await graph.idToken({ email: `claimed.alias@${domain}`, oid: employeeOid }) });
    expect(proof.status).toBe(200);
    expect(proof.body).toEqual({ email: employee.email, emailVerified: true, tenantId });
    const fresh = await env.token(employee.email);
    const joined = await env.http.post('/api/me/join').set(bearer(fresh));
    expect(joined.status).toBe(200);
    expect(joined.body).toEqual({ tenantId, role: 'user' });
    await releaseEntra(tenantId);
  });
});

describe('export by a changed email', () => {
  it("never finds a colleague's record for an unverified sign-in email", async () => {
    const colleague = `colleague${Math.random().toString(36).slice(2, 8)}@acme.example`;
    const colleagueId = await addDirectoryUser('acme', colleague);
    // An Acme employee changed their sign-in email to the colleague's (Firebase then marks it unverified).
    const account = await env.deps.auth.createUser({ email: colleague, password: 'herald-demo', emailVerified: false });
    await env.deps.auth.setCustomUserClaims(account.uid, { tid: 'acme', role: 'user' });
    const token = await env.token(colleague);
    const exported = await env.http.get('/api/me/export').set(bearer(token));
    expect(exported.status).toBe(403);
    expect(JSON.stringify(exported.body)).not.toContain(colleagueId);
    const links = await env.http.post('/api/campaigns/spring-launch/recipient-links').set(bearer(token)).send({ recipients: ['someone@recipient.example'] });
    expect(links.status).toBe(403);
    expect((await env.http.get('/api/me/profile').set(bearer(token))).status).toBe(403);
  });
});

describe('owners are protected', () => {
  it("needs the owner role to erase an owner's or admin's account, and never erases the last owner", async () => {
    const { tenantId, domain, owner } = await tenantWith({ ownDomainVerified: true });
    const ownerUserId = await addDirectoryUser(tenantId, owner.email);
    const admin = await env.account({ domain, tenantId, role: 'admin' });
    await doc(env.deps.db, 'members', { tenantId, uid: admin.uid }).set({ role: 'admin', grantedBy: owner.uid, grantedAt: env.deps.now() });
    const adminUserId = await addDirectoryUser(tenantId, admin.email);

    const byAdmin = await env.http.post('/api/privacy/purge').set(bearer(admin.token)).send({ emails: [owner.email] });
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.message).toContain('owner role');
    expect((await env.http.post('/api/privacy/purge').set(bearer(admin.token)).send({ userIds: [adminUserId] })).status).toBe(403);

    const lastOwner = await env.http.post('/api/privacy/purge').set(bearer(owner.token)).send({ userIds: [ownerUserId] });
    expect(lastOwner.status).toBe(412);
    expect(lastOwner.body.error.message).toContain('last owner');
    expect((await env.deps.auth.getUser(owner.uid)).uid).toBe(owner.uid);

    const second = await env.account({ domain, tenantId, role: 'owner' });
    await doc(env.deps.db, 'members', { tenantId, uid: second.uid }).set({ role: 'owner', grantedBy: owner.uid, grantedAt: env.deps.now() });
    await addDirectoryUser(tenantId, second.email);
    const both = await env.http.post('/api/privacy/purge').set(bearer(owner.token)).send({ emails: [owner.email, second.email] });
    expect(both.status).toBe(412);
    const allowed = await env.http.post('/api/privacy/purge').set(bearer(owner.token)).send({ userIds: [adminUserId] });
    expect(allowed.status).toBe(202);
    // With a second owner, an owner may leave.
    expect((await env.http.post('/api/privacy/purge').set(bearer(owner.token)).send({ userIds: [ownerUserId] })).status).toBe(202);
  });
});

describe('the last owner survives any purge', () => {
  it("keeps the sole owner's account when a purge job reaches it another way (e.g. a sync's removals)", async () => {
    const { tenantId, owner } = await tenantWith({ ownDomainVerified: true });
    const ownerUserId = await addDirectoryUser(tenantId, owner.email);
    const jobId = await startJob(env.deps, { tenantId, kind: 'privacy.purge', createdBy: 'system:sync', payload: { subject: { kind: 'users', userIds: [ownerUserId] }, reason: 'directory_sync' } });
    await env.deps.tasks.drain();
    expect((await env.deps.db.doc(`tenants/${tenantId}/jobs/${jobId}`).get()).get('status')).toBe('done');
    expect((await env.deps.auth.getUser(owner.uid)).uid).toBe(owner.uid);
    expect((await doc(env.deps.db, 'members', { tenantId, uid: owner.uid }).get()).get('role')).toBe('owner');
    expect((await env.deps.db.doc(`tenants/${tenantId}/users/${ownerUserId}`).get()).exists).toBe(false);
  });
});

describe('CSV import is bounded', () => {
  // Measures nothing: it fails only if the import stalls (it took 6-12 s before issue 11; ~0.1 s now).
  it('answers a hostile 60 KB header without stalling', { timeout: 2_000 }, async () => {
    const admin = await env.token(DEMO.initechAdmin);
    const hostile = `email,${'['.repeat(60 * 1024)}\nnew.person@initech.example\n`;
    const res = await env.http.post('/api/directory/import').query({ dryRun: 'true' }).set(bearer(admin)).set('Content-Type', 'text/csv').send(hostile);
    expect(res.status).toBeLessThan(500);
  });

  it('refuses headers beyond 64 columns of 200 characters, naming the column', async () => {
    const admin = await env.token(DEMO.initechAdmin);
    const send = (csv: string) => env.http.post('/api/directory/import').query({ dryRun: 'true' }).set(bearer(admin)).set('Content-Type', 'text/csv').send(csv);
    const long = await send(`email,${'['.repeat(60 * 1024)}\nnew.person@initech.example\n`);
    expect(long.status).toBe(400);
    expect(long.body.error.message).toContain('header column 2 is longer than 200 characters');
    const wide = await send(`email,${Array.from({ length: 100 }, (_, i) => `c${i}`).join(',')}\nnew.person@initech.example\n`);
    expect(wide.status).toBe(400);
    expect(wide.body.error.message).toContain('the header has 101 columns; at most 64');
    // Unknown columns within the bounds are simply not read.
    const extra = await send('email,firstName,lastName,Cost Center [internal],Shoe size\nnew.person@initech.example,New,Person,42,9\n');
    expect(extra.status).toBe(200);
    expect(extra.body).toMatchObject({ format: 'herald', errors: [], created: 1 });
  });
});
