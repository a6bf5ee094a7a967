import type { Auth, DecodedIdToken } from 'firebase-admin/auth';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

/**
 * An ID token keeps its role claim for up to an hour. Production's verifyIdToken does not look for
 * revocation unless asked, and the Auth emulator always does, which would hide a stale claim here.
 * So these tests change the role the way a revocation cannot fix in time (claims and members/{uid}
 * change, the old token is not revoked) and check the API goes by members/{uid}; and that every
 * signed-in route asks Auth for revocation.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('roles come from members/{uid}, not from a possibly stale claim', () => {
  it('a demoted admin loses admin routes with their next request, old token and all', async () => {
    const admin = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'admin' });
    expect((await env.http.get('/api/members').set(bearer(admin.token))).status).toBe(200);

    // Demoted to user: the record and the claims change; this token still says admin.
    await env.deps.db.doc(`tenants/acme/members/${admin.uid}`).set({ role: 'user', grantedBy: 'someone', grantedAt: new Date() });
    await env.deps.auth.setCustomUserClaims(admin.uid, { tid: 'acme', role: 'user' });

    const members = await env.http.get('/api/members').set(bearer(admin.token));
    expect(members.status).toBe(403);
    expect(members.body.error.message).toBe('this needs the admin role or higher');
    // Nor can they give themselves the role back.
    const regrant = await env.http.put(`/api/members/${admin.uid}`).set(bearer(admin.token)).send({ role: 'admin' });
    expect(regrant.status).toBe(403);
    expect((await env.deps.db.doc(`tenants/acme/members/${admin.uid}`).get()).get('role')).toBe('user');
    // What they may still do as a user, and what /api/me tells the SPA.
    expect((await env.http.get('/api/tenant').set(bearer(admin.token))).status).toBe(200);
    expect((await env.http.get('/api/me').set(bearer(admin.token))).body.role).toBe('user');
  });

  it('a removed member keeps nothing of the tenant, though their token still names it', async () => {
    const editor = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'editor' });
    expect((await env.http.get('/api/templates').set(bearer(editor.token))).status).toBe(200);
    await env.deps.db.doc(`tenants/acme/members/${editor.uid}`).delete();

    for (const path of ['/api/templates', '/api/tenant', '/api/me/profile']) {
      const res = await env.http.get(path).set(bearer(editor.token));
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    expect((await env.http.get('/api/me').set(bearer(editor.token))).body.role).toBeNull();
  });

  it('a promotion applies at once too (the record, not the old claim)', async () => {
    const viewer = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'viewer' });
    expect((await env.http.post('/api/templates').set(bearer(viewer.token)).send({ name: 'x', html: '<p>{{firstName}}</p>' })).status).toBe(403);
    await env.deps.db.doc(`tenants/acme/members/${viewer.uid}`).set({ role: 'editor', grantedBy: 'someone', grantedAt: new Date() });
    const created = await env.http.post('/api/templates').set(bearer(viewer.token)).send({ name: 'Promoted', html: '<p>{{firstName}}</p>' });
    expect(created.status).toBe(201);
  });
});

describe('revocation', () => {
  /** Records the checkRevoked flag of each verifyIdToken call, then lets the real client verify. */
  function spyCheckRevoked(auth: Auth): { flags: boolean[]; restore(): void } {
    const flags: boolean[] = [];
    const original = auth.verifyIdToken;
    const bound = original.bind(auth);
    auth.verifyIdToken = (token: string, checkRevoked?: boolean) => {
      flags.push(checkRevoked === true);
      return bound(token, checkRevoked);
    };
    return { flags, restore: () => void (auth.verifyIdToken = original) };
  }

  /**
   * Auth as in production: verifyIdToken asks Auth about revocation and disabled accounts only when
   * told to (checkRevoked). The emulator always asks, which would hide a route that does not.
   * Verifies the token with firebase-admin's own verifier (what verifyIdToken runs before asking).
   */
  function asInProduction(auth: Auth): () => void {
    const original = auth.verifyIdToken;
    const bound = original.bind(auth);
    const verifier = (auth as unknown as { idTokenVerifier: { verifyJWT(token: string, isEmulator: boolean): Promise<DecodedIdToken> } }).idTokenVerifier;
    auth.verifyIdToken = (token: string, checkRevoked?: boolean) => (checkRevoked ? bound(token, true) : verifier.verifyJWT(token, true));
    return () => void (auth.verifyIdToken = original);
  }

  it('every route of a signed-in caller asks Auth, once per token for a few seconds', async () => {
    const admin = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'admin' });
    const spy = spyCheckRevoked(env.deps.auth);
    try {
      expect((await env.http.get('/api/members').set(bearer(admin.token))).status).toBe(200);
      expect((await env.http.get('/api/me/signature').set(bearer(admin.token))).status).not.toBe(401);
      expect((await env.http.get('/api/me').set(bearer(admin.token))).status).toBe(200);
      const user = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'user' });
      expect((await env.http.get('/api/tenant').set(bearer(user.token))).status).toBe(200);
      expect(spy.flags).toEqual([true, false, false, true]);
    } finally {
      spy.restore();
    }
  });

  it('a revoked admin token is refused on admin routes', async () => {
    const admin = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'admin' });
    // Tokens issued in the same second as the revocation count as current: wait past it.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await env.deps.auth.revokeRefreshTokens(admin.uid);
    const res = await env.http.get('/api/members').set(bearer(admin.token));
    expect(res.status).toBe(401);
  });

  it("a member's revoked token, or a disabled account's, is refused on member and signed-in routes", async () => {
    const restore = asInProduction(env.deps.auth);
    try {
      const revoked = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'user' });
      const disabled = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'user' });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await env.deps.auth.revokeRefreshTokens(revoked.uid);
      await env.deps.auth.updateUser(disabled.uid, { disabled: true });
      for (const path of ['/api/tenant', '/api/me/profile', '/api/me']) {
        for (const [who, token] of [['revoked', revoked.token], ['disabled', disabled.token]] as const) {
          const res = await env.http.get(path).set(bearer(token));
          expect({ path, who, status: res.status }).toEqual({ path, who, status: 401 });
          expect(res.body.error.message).toBe('this sign-in was ended or the account disabled; sign in again');
        }
      }
    } finally {
      restore();
    }
  });
});
