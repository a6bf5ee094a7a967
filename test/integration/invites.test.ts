import { beforeAll, describe, expect, it } from 'vitest';
import { inviteIdOf } from '../../functions/src/tenants/invite-state.js';
import { authEmulatorHost, createTestEnv, DEMO, signIn, type TestEnv } from '../support/test-env.js';

/** Issue 21: an admin invites a colleague by email before their first sign-in; that sign-in grants the role. */
let env: TestEnv;
let adminToken: string;
const DAY = 86_400_000;
let clock = Date.now();

beforeAll(async () => {
  env = await createTestEnv({ now: () => new Date(clock) });
  adminToken = await env.token(DEMO.acmeAdmin);
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const invite = (token: string, email: string, role: string) => env.http.post('/api/members/invites').set(bearer(token)).send({ email, role });
const join = (token: string) => env.http.post('/api/me/join').set(bearer(token)).send({});
const fresh = (local: string, domain = 'acme.example') => `${local}.${Math.random().toString(36).slice(2, 8)}@${domain}`;

/** A first sign-in: a verified account of that address, no tenant yet. */
async function firstSignIn(email: string): Promise<{ uid: string; token: string }> {
  const user = await env.deps.auth.createUser({ email, password: 'herald-demo', emailVerified: true });
  return { uid: user.uid, token: await signIn(authEmulatorHost(), email, 'herald-demo') };
}

describe('invites', () => {
  it('gives the invited role at the first sign-in, once, audited, to someone not in the directory', async () => {
    const email = fresh('new.editor');
    const created = await invite(adminToken, email, 'editor');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email, role: 'editor' });
    const listed = await env.http.get('/api/members/invites').set(bearer(adminToken));
    expect(listed.body.invites.map((i: { email: string }) => i.email)).toContain(email);

    const person = await firstSignIn(email);
    const joined = await join(person.token);
    expect(joined.status).toBe(200);
    expect(joined.body).toEqual({ tenantId: 'acme', role: 'editor' });
    expect((await env.deps.auth.getUser(person.uid)).customClaims).toEqual({ tid: 'acme', role: 'editor' });
    const member = (await env.deps.db.doc(`tenants/acme/members/${person.uid}`).get()).data();
    expect(member).toMatchObject({ role: 'editor', grantedBy: 'demo-acme-admin' });
    // Redeemed: gone, and not listed any more.
    expect((await env.deps.db.doc(`tenants/acme/invites/${inviteIdOf(email)}`).get()).exists).toBe(false);
    expect((await env.http.get('/api/members/invites').set(bearer(adminToken))).body.invites.map((i: { email: string }) => i.email)).not.toContain(email);

    // Both steps are in the audit log: who invited (the invite's id, never the address), and the role change it led to.
    const audit = await env.deps.db.collection('tenants/acme/audit').get();
    const entries = audit.docs.map((d) => d.data());
    expect(entries).toContainEqual(expect.objectContaining({ action: 'members.invite', actor: { uid: 'demo-acme-admin', role: 'admin' }, target: { type: 'invite', id: inviteIdOf(email) } }));
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'members.role_change', target: { type: 'account', id: person.uid }, meta: { from: 'none', to: 'editor', via: 'invite', invitedBy: 'demo-acme-admin' } }),
    );
    expect(JSON.stringify(entries)).not.toContain(email);
  });

  it('does nothing once the invite has expired', async () => {
    const email = fresh('late.viewer');
    expect((await invite(adminToken, email, 'viewer')).status).toBe(201);
    clock += 15 * DAY;
    try {
      const person = await firstSignIn(email);
      const joined = await join(person.token);
      // Not in the directory either: no role at all.
      expect(joined.status).toBe(403);
      expect((await env.deps.auth.getUser(person.uid)).customClaims ?? {}).toEqual({});
      expect((await env.deps.db.doc(`tenants/acme/members/${person.uid}`).get()).exists).toBe(false);
      expect((await env.http.get('/api/members/invites').set(bearer(adminToken))).body.invites.map((i: { email: string }) => i.email)).not.toContain(email);
    } finally {
      clock -= 15 * DAY;
    }
  });

  it("refuses an address on another tenant's domain, or on no verified domain", async () => {
    for (const email of [fresh('someone', 'initech.example'), fresh('someone', 'elsewhere.example')]) {
      const res = await invite(adminToken, email, 'viewer');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('not one of your verified domains');
      expect((await env.deps.db.doc(`tenants/acme/invites/${inviteIdOf(email)}`).get()).exists).toBe(false);
    }
  });

  it('lets no one below admin invite, and no admin invite an owner', async () => {
    const editor = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'editor' });
    const email = fresh('would.be');
    expect((await invite(editor.token, email, 'user')).status).toBe(403);
    expect((await invite(editor.token, email, 'admin')).status).toBe(403);
    expect((await env.deps.db.doc(`tenants/acme/invites/${inviteIdOf(email)}`).get()).exists).toBe(false);

    const owner = await invite(adminToken, email, 'owner');
    expect(owner.status).toBe(403);
    expect(owner.body.error.fields ?? owner.body.error.message).toBeTruthy();
  });

  it('withdraws an invite (audited), after which the sign-in grants nothing', async () => {
    const email = fresh('withdrawn');
    const created = await invite(adminToken, email, 'admin');
    expect(created.status).toBe(201);
    expect((await env.http.delete(`/api/members/invites/${created.body.id}`).set(bearer(adminToken))).status).toBe(200);
    const person = await firstSignIn(email);
    expect((await join(person.token)).status).toBe(403);
    const audit = await env.deps.db.collection('tenants/acme/audit').where('action', '==', 'members.invite_revoke').get();
    expect(audit.docs.map((d) => d.get('target'))).toContainEqual({ type: 'invite', id: created.body.id });
  });
});

describe('the owners, for whoever must ask them', () => {
  it('names the owners to an admin, not to an employee', async () => {
    const res = await env.http.get('/api/tenant/owners').set(bearer(adminToken));
    expect(res.status).toBe(200);
    expect(res.body.owners).toEqual([{ name: 'Olivia Owner', email: DEMO.acmeOwner }]);
    expect((await env.http.get('/api/tenant/owners').set(bearer(await env.token(DEMO.acmeUser)))).status).toBe(403);
  });
});
