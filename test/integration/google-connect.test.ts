import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doc } from '../../functions/src/core/catalog.js';
import { startFakeGoogle, type FakeAdminToken } from '../fakes/google-directory-fake.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

/**
 * Issue 20, item 4: POST /api/tenant/google/connect binds a Google Workspace customer only on the
 * caller's own token (tokeninfo's verified email is their Herald address) and only when Google
 * says that account is a super admin of the customer (Admin SDK users.get → isAdmin).
 */
let env: TestEnv;
let google: Awaited<ReturnType<typeof startFakeGoogle>>;
let n = 0;

beforeAll(async () => {
  google = await startFakeGoogle({ users: [] });
  env = await createTestEnv({ env: google.env() });
});
afterAll(async () => {
  await google.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A tenant of its own (nothing proved yet), its owner, and a Workspace customer on its domain. */
async function tenantWithWorkspace() {
  const tenantId = `gconnect${++n}`;
  const domain = `${tenantId}.example`;
  const customerId = `C0gconn${String(n).padStart(3, '0')}`;
  const now = env.deps.now();
  await doc(env.deps.db, 'tenants', { tenantId }).set({
    name: tenantId,
    region: 'eu',
    status: 'active',
    domains: [domain],
    verifiedDomains: [],
    googleCustomerId: null,
    entraTenantId: null,
    directorySource: 'csv',
    settings: { auditRetentionDays: 365, fallbackUrl: null, gmailSignatures: false, recipientTracking: { enabled: false, retentionDays: 90 } },
    createdAt: now,
  });
  const owner = await env.account({ domain, tenantId, role: 'owner' });
  /** Registers a person's own access token for this customer with the fake; returns it. */
  const tokenOf = (who: Omit<FakeAdminToken, 'customerId' | 'domains'>) => {
    const token = `ya29.${tenantId}-${Math.random().toString(36).slice(2, 10)}`;
    google.state.adminTokens.set(token, { customerId, domains: [{ domainName: domain, verified: true, isPrimary: true }], ...who });
    return token;
  };
  const connect = (accessToken: string) => env.http.post('/api/tenant/google/connect').set(bearer(owner.token)).send({ accessToken });
  const bound = async () => {
    const t = (await doc(env.deps.db, 'tenants', { tenantId }).get()).data()!;
    return { googleCustomerId: t.googleCustomerId ?? null, verifiedDomains: t.verifiedDomains ?? [] };
  };
  return { tenantId, domain, customerId, owner, tokenOf, connect, bound };
}

describe("Google connect takes only the caller's own super admin token", () => {
  it("refuses another person's token, even a super admin's", async () => {
    const w = await tenantWithWorkspace();
    const someoneElse = w.tokenOf({ email: `it.admin@${w.domain}` });
    const res = await w.connect(someoneElse);
    expect(res.status).toBe(403);
    expect(fieldText(res)).toBe(`body.accessToken: it belongs to another Google account; sign in to Google as ${w.owner.email}, the address you use on Herald`);
    expect(await w.bound()).toEqual({ googleCustomerId: null, verifiedDomains: [] });
  });

  it('refuses a token that does not say whose it is, or whose address Google has not verified', async () => {
    const w = await tenantWithWorkspace();
    for (const token of [w.tokenOf({}), w.tokenOf({ email: w.owner.email, emailVerified: false })]) {
      const res = await w.connect(token);
      expect(res.status).toBe(403);
      expect(fieldText(res)).toContain('body.accessToken: it does not say which Google account it belongs to');
    }
    expect(await w.bound()).toEqual({ googleCustomerId: null, verifiedDomains: [] });
  });

  it("refuses the caller's own token when they are a delegated admin or a plain user", async () => {
    const w = await tenantWithWorkspace();
    const delegated = await w.connect(w.tokenOf({ email: w.owner.email, privileges: 'delegated_admin' }));
    expect(delegated.status).toBe(403);
    expect(fieldText(delegated)).toBe('body.accessToken: your Google account is not a super admin of this Google Workspace; ask a super admin to connect it');
    const plain = await w.connect(w.tokenOf({ email: w.owner.email, privileges: 'user' }));
    expect(plain.status).toBe(403);
    expect(fieldText(plain)).toContain('body.accessToken');
    expect(await w.bound()).toEqual({ googleCustomerId: null, verifiedDomains: [] });
  });

  it("binds the customer on the caller's own super admin token, having asked users.get about them", async () => {
    const w = await tenantWithWorkspace();
    // Google may spell the address with capitals; it is the same mailbox.
    const res = await w.connect(w.tokenOf({ email: w.owner.email.toUpperCase() }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ googleCustomerId: w.customerId, verifiedDomains: [w.domain] });
    expect(await w.bound()).toEqual({ googleCustomerId: w.customerId, verifiedDomains: [w.domain] });
    const asked = google.requests.filter((r) => r.path.startsWith('/admin/directory/v1/users/'));
    expect(asked.map((r) => r.path)).toContain(`/admin/directory/v1/users/${w.owner.email}`);
  });
});
