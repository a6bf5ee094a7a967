import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { doc } from '../../functions/src/core/catalog.js';
import { signConsentState } from '../../functions/src/trust/consent-state.js';
import { startFakeGraph } from '../fakes/microsoft-graph-fake.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

/**
 * Issue 20, items 2 and 3: only an administrator of a Microsoft 365 organisation binds it to a
 * Herald tenant (Microsoft's admin consent round trip with Herald's signed state, or the ID token
 * of a Global / Privileged Role Administrator), and a Microsoft user is found by tid + oid, never
 * by the address claims an admin of the user object can set.
 */
const ENTRA_TENANT = '7c1d5e2a-0000-4000-8000-0000000e0e0e';
const CLIENT = { clientId: '5e7a1d2c-0000-4000-8000-00000000c0de', clientSecret: 'fake-secret-not-real' };
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const PRIVILEGED_ROLE_ADMIN = 'e8611ab8-c189-46e8-94e1-60213ab1f814';
/** A role that is an admin role, but not one that may bind the organisation (User Administrator). */
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

let env: TestEnv;
let graph: Awaited<ReturnType<typeof startFakeGraph>>;
let n = 0;

beforeAll(async () => {
  graph = await startFakeGraph({ tenantId: ENTRA_TENANT, ...CLIENT, users: [] });
  env = await createTestEnv({ env: graph.env() });
});
afterAll(async () => {
  await graph.close();
});
beforeEach(() => {
  graph.state.consented = true;
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const oid = (k: number) => `0b0b0b0b-0000-4000-8000-${String(k).padStart(12, '0')}`;

/** A tenant of its own (nothing proved), its owner, and the Entra organisation owning its domain. */
async function tenantWith(input: { entraTenantId?: string; verified?: boolean } = {}) {
  const tenantId = `msproof${++n}`;
  const domain = `${tenantId}.example`;
  const now = env.deps.now();
  await doc(env.deps.db, 'tenants', { tenantId }).set({
    name: tenantId,
    region: 'eu',
    status: 'active',
    domains: [domain],
    verifiedDomains: input.verified ? [domain] : [],
    googleCustomerId: null,
    entraTenantId: input.entraTenantId ?? null,
    directorySource: 'microsoft',
    settings: { auditRetentionDays: 365, fallbackUrl: null, gmailSignatures: false, recipientTracking: { enabled: false, retentionDays: 90 } },
    createdAt: now,
  });
  const owner = await env.account({ domain, tenantId, role: 'owner' });
  await doc(env.deps.db, 'members', { tenantId, uid: owner.uid }).set({ role: 'owner', grantedBy: owner.uid, grantedAt: now });
  graph.state.organization.verifiedDomains = [{ name: domain, isDefault: true }];
  return { tenantId, domain, owner };
}

const entraOf = async (tenantId: string) => (await doc(env.deps.db, 'tenants', { tenantId }).get()).get('entraTenantId');
const release = (tenantId: string) => env.deps.db.doc(`tenants/${tenantId}`).update({ entraTenantId: null });

/** A directory record as the Microsoft sync writes it: source microsoft, the Graph object id. */
async function syncedUser(tenantId: string, email: string, objectId: string) {
  const now = env.deps.now();
  const userId = `u-${objectId.slice(-6)}-${n}`;
  await doc(env.deps.db, 'users', { tenantId, userId }).set({
    email, firstName: 'Pat', lastName: 'Example', title: '', workPhone: '', mobilePhone: '', addresses: [], groups: [],
    source: 'microsoft', externalId: objectId, contentHash: 'd'.repeat(64), overrides: {}, createdAt: now, updatedAt: now,
  });
  return userId;
}

describe('binding a Microsoft 365 organisation takes an administrator', () => {
  it("refuses an ordinary employee's ID token, and an admin role that cannot bind: nothing is bound", async () => {
    const { tenantId, owner } = await tenantWith();
    graph.state.upsert({ id: oid(1), mail: owner.email, userPrincipalName: owner.email });
    const employee = await env.http.post('/api/tenant/microsoft/connect').set(bearer(owner.token)).send({ idToken: await graph.idToken({ email: owner.email, oid: oid(1) }) });
    expect(employee.status).toBe(403);
    expect(fieldText(employee)).toBe(
      'body.idToken: this Microsoft account is not a Global Administrator or Privileged Role Administrator of its organisation; ask one to connect Microsoft 365, or use the admin-consent link',
    );
    const userAdmin = await env.http.post('/api/tenant/microsoft/connect').set(bearer(owner.token)).send({ idToken: await graph.idToken({ email: owner.email, oid: oid(1), wids: [USER_ADMIN] }) });
    expect(userAdmin.status).toBe(403);
    expect(await entraOf(tenantId)).toBeNull();
  });

  it.each([
    ['Global Administrator', GLOBAL_ADMIN],
    ['Privileged Role Administrator', PRIVILEGED_ROLE_ADMIN],
  ])("binds from a %s's own ID token", async (_name, role) => {
    const { tenantId, domain, owner } = await tenantWith();
    graph.state.upsert({ id: oid(2), mail: owner.email, userPrincipalName: owner.email });
    const res = await env.http.post('/api/tenant/microsoft/connect').set(bearer(owner.token)).send({ idToken: await graph.idToken({ email: owner.email, oid: oid(2), wids: [role] }) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ entraTenantId: ENTRA_TENANT, verifiedDomains: [domain] });
    expect(await entraOf(tenantId)).toBe(ENTRA_TENANT);
    const audit = await env.deps.db.collection(`tenants/${tenantId}/audit`).where('action', '==', 'tenant.prove_microsoft_admin').get();
    expect(audit.size).toBe(1);
    await release(tenantId);
  });

  it("refuses an admin token whose address claim is the caller's but whose object id is someone else's", async () => {
    const { tenantId, domain, owner } = await tenantWith();
    graph.state.upsert({ id: oid(3), mail: `it.admin@${domain}`, userPrincipalName: `it.admin@${domain}` });
    const res = await env.http.post('/api/tenant/microsoft/connect').set(bearer(owner.token)).send({ idToken: await graph.idToken({ email: owner.email, oid: oid(3), wids: [GLOBAL_ADMIN] }) });
    expect(res.status).toBe(403);
    expect(fieldText(res)).toBe('body.idToken: it was issued to another person than your Herald sign-in');
    expect(await entraOf(tenantId)).toBeNull();
  });
});

describe("Microsoft's admin consent round trip", () => {
  /** The state Herald put in the consent link (the console forwards it back with Microsoft's answer). */
  async function consentLink(token: string) {
    const res = await env.http.get('/api/tenant/microsoft/consent').set(bearer(token));
    expect(res.status).toBe(200);
    const url = new URL(res.body.adminConsentUrl);
    return { res, url, state: url.searchParams.get('state')! };
  }
  const complete = (token: string, body: Record<string, string>) => env.http.post('/api/tenant/microsoft/consent/complete').set(bearer(token)).send(body);

  it("binds the organisation an admin consented for during the round trip, under the owner's session that started it", async () => {
    const { tenantId, domain, owner } = await tenantWith();
    graph.state.consented = false;
    const { res, url, state } = await consentLink(owner.token);
    // The configured identity platform (login.microsoftonline.com in production; the stand-in here).
    expect(url.origin + url.pathname).toBe(`${graph.url}/${domain}/v2.0/adminconsent`);
    expect(url.searchParams.get('client_id')).toBe(CLIENT.clientId);
    expect(url.searchParams.get('scope')).toBe('https://graph.microsoft.com/.default');
    expect(res.body).toMatchObject({ clientId: CLIENT.clientId, domain });
    expect(new Date(res.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);

    // Forged before any consent: Microsoft's redirect is not signed, but Graph still refuses Herald's app.
    const early = await complete(owner.token, { admin_consent: 'True', tenant: ENTRA_TENANT, state });
    expect(early.status).toBe(412);
    expect(await entraOf(tenantId)).toBeNull();

    // The admin declines, or the answer lacks admin_consent.
    graph.state.consented = true;
    const declined = await complete(owner.token, { error: 'access_denied', error_description: 'AADSTS65004: User declined to consent', state });
    expect(declined.status).toBe(412);
    expect(declined.body.error.message).toContain('Microsoft did not grant the consent (access_denied)');
    const missing = await complete(owner.token, { tenant: ENTRA_TENANT, state });
    expect(missing.status).toBe(412);
    expect(fieldText(missing)).toContain('body.admin_consent');

    const done = await complete(owner.token, { admin_consent: 'True', tenant: ENTRA_TENANT, state, scope: 'https://graph.microsoft.com/.default' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ entraTenantId: ENTRA_TENANT, verifiedDomains: [domain] });
    expect(await entraOf(tenantId)).toBe(ENTRA_TENANT);
    const audit = await env.deps.db.collection(`tenants/${tenantId}/audit`).where('action', '==', 'tenant.prove_microsoft_consent').get();
    expect(audit.size).toBe(1);
    await release(tenantId);
  });

  it('issues no link for an organisation that consented already: a forged callback cannot replay that old consent', async () => {
    const { tenantId, owner } = await tenantWith();
    const res = await env.http.get('/api/tenant/microsoft/consent').set(bearer(owner.token));
    expect(res.status).toBe(412);
    expect(res.body.error.message).toContain('already consented');
    expect(res.body.error.message).toContain('Global Administrator');
    // Nor does a state the owner signs themselves, or one Herald signed for another purpose.
    const forged = await complete(owner.token, { admin_consent: 'True', tenant: ENTRA_TENANT, state: 'eyJhbGciOiJub25lIn0.eyJ0ZW5hbnQiOiJ4In0.' });
    expect(forged.status).toBe(403);
    expect(fieldText(forged)).toContain('body.state');
    expect(await entraOf(tenantId)).toBeNull();
  });

  it('refuses the round trip while another Herald tenant lists the domain: two owners could be waiting for one consent', async () => {
    const real = await tenantWith();
    graph.state.consented = false;
    const { state } = await consentLink(real.owner.token);
    // A squatter lists the company's domain (unverified) after the link was issued.
    const squatter = await tenantWith();
    graph.state.organization.verifiedDomains = [{ name: real.domain }];
    await env.deps.db.doc(`tenants/${squatter.tenantId}`).update({ domains: [squatter.domain, real.domain] });
    const squat = await env.http.get('/api/tenant/microsoft/consent').query({ domain: real.domain }).set(bearer(squatter.owner.token));
    expect(squat.status).toBe(412);
    expect(squat.body.error.message).toBe(`another Herald tenant also lists ${real.domain}: connect Microsoft 365 with the sign-in of a Global Administrator or Privileged Role Administrator instead`);
    graph.state.consented = true;
    const done = await complete(real.owner.token, { admin_consent: 'True', tenant: ENTRA_TENANT, state });
    expect(done.status).toBe(412);
    expect(await entraOf(real.tenantId)).toBeNull();
    // The administrator's sign-in still binds the real company.
    graph.state.upsert({ id: oid(20), mail: real.owner.email, userPrincipalName: real.owner.email });
    const admin = await env.http.post('/api/tenant/microsoft/connect').set(bearer(real.owner.token)).send({ idToken: await graph.idToken({ email: real.owner.email, oid: oid(20), wids: [GLOBAL_ADMIN] }) });
    expect(admin.status).toBe(200);
    await release(real.tenantId);
  });

  it('refuses an expired, tampered, or foreign state, and a consent by an organisation that does not own the domain', async () => {
    const a = await tenantWith();
    const b = await tenantWith();
    graph.state.organization.verifiedDomains = [{ name: a.domain }, { name: b.domain }];
    graph.state.consented = false;
    const { state } = await consentLink(a.owner.token);
    graph.state.consented = true;

    // Another tenant's owner (or another owner of the same tenant) cannot complete a's round trip.
    const foreign = await complete(b.owner.token, { admin_consent: 'True', tenant: ENTRA_TENANT, state });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toContain('issued for another tenant or another owner');
    const coOwner = await env.account({ domain: a.domain, tenantId: a.tenantId, role: 'owner' });
    await doc(env.deps.db, 'members', { tenantId: a.tenantId, uid: coOwner.uid }).set({ role: 'owner', grantedBy: a.owner.uid, grantedAt: env.deps.now() });
    expect((await complete(coOwner.token, { admin_consent: 'True', tenant: ENTRA_TENANT, state })).status).toBe(403);

    // Tampered: the payload changed (another tenant named), the signature kept.
    const [header, payload, signature] = state.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = [header, Buffer.from(JSON.stringify({ ...claims, tenant: b.tenantId })).toString('base64url'), signature].join('.');
    const t = await complete(b.owner.token, { admin_consent: 'True', tenant: ENTRA_TENANT, state: tampered });
    expect(t.status).toBe(403);
    expect(fieldText(t)).toBe('body.state: not an admin-consent link Herald issued');

    // Expired: issued 16 minutes ago.
    const old = await signConsentState(env.deps.config, { tenantId: a.tenantId, uid: a.owner.uid, domain: a.domain }, new Date(Date.now() - 16 * 60_000));
    const expired = await complete(a.owner.token, { admin_consent: 'True', tenant: ENTRA_TENANT, state: old });
    expect(expired.status).toBe(412);
    expect(expired.body.error.message).toContain('expired');

    // The organisation that answered must own the domain the link was issued for.
    graph.state.organization.verifiedDomains = [{ name: b.domain }];
    const elsewhere = await complete(a.owner.token, { admin_consent: 'True', tenant: ENTRA_TENANT, state });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.message).toContain(`does not own ${a.domain}`);
    // A bad tenant id is named.
    const bad = await complete(a.owner.token, { admin_consent: 'True', tenant: 'not-a-tenant', state });
    expect(bad.status).toBe(400);
    expect(fieldText(bad)).toContain('body.tenant');
    expect(await entraOf(a.tenantId)).toBeNull();
    expect(await entraOf(b.tenantId)).toBeNull();
  });
});

describe('a Microsoft user is their tid + oid, not their address claim', () => {
  it("never verifies a colleague's address from a token whose email claims it but whose object id is someone else's", async () => {
    const { tenantId, domain } = await tenantWith({ entraTenantId: ENTRA_TENANT, verified: true });
    const colleague = `colleague@${domain}`;
    await syncedUser(tenantId, colleague, oid(10));
    await syncedUser(tenantId, `mallory@${domain}`, oid(11));
    // Mallory signs in to Herald with the colleague's address (Firebase: unverified), with her own Microsoft account whose mail claim an admin set to it.
    const account = await env.deps.auth.createUser({ email: colleague, password: 'herald-demo', emailVerified: false });
    const token = await env.token(colleague);
    const idToken = await graph.idToken({ email: colleague, oid: oid(11) });
    const res = await env.http.post('/api/me/microsoft-proof').set(bearer(token)).send({ idToken });
    expect(res.status).toBe(403);
    expect(fieldText(res)).toBe('body.idToken: it was issued to another person than your Herald sign-in');
    // An object id with no synced record finds nobody, whatever the address claims.
    const unknown = await env.http.post('/api/me/microsoft-proof').set(bearer(token)).send({ idToken: await graph.idToken({ email: colleague, oid: oid(12) }) });
    expect(unknown.status).toBe(404);
    expect((await env.deps.auth.getUser(account.uid)).emailVerified).toBe(false);
    expect((await env.http.post('/api/me/join').set(bearer(await env.token(colleague)))).status).toBe(403);
    await release(tenantId);
  });
});
