import { beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

let env: TestEnv;
let adminToken: string;
beforeAll(async () => {
  env = await createTestEnv();
  adminToken = await env.token(DEMO.acmeAdmin);
});

const put = (token: string, uid: string, role: string | null) => env.http.put(`/api/members/${uid}`).set('Authorization', `Bearer ${token}`).send({ role });

describe('members and roles', () => {
  it('lists who holds which role, with emails from Auth', async () => {
    const res = await env.http.get('/api/members').set('Authorization', `Bearer ${adminToken}`);
    expect(res.status).toBe(200);
    expect(res.body.members).toEqual(
      expect.arrayContaining([
        { uid: 'demo-acme-admin', email: DEMO.acmeAdmin, role: 'admin', grantedBy: 'demo-seed' },
        { uid: 'demo-acme-jane', email: DEMO.acmeUser, role: 'user', grantedBy: 'demo-seed' },
      ]),
    );
    expect(JSON.stringify(res.body)).not.toContain('initech');
  });

  it('grants a role to a verified account on the domain, audited, and revokes it', async () => {
    const newcomer = await env.account({ domain: 'acme.example' });
    const res = await put(adminToken, newcomer.uid, 'editor');
    expect(res.status).toBe(200);
    expect((await env.deps.auth.getUser(newcomer.uid)).customClaims).toEqual({ tid: 'acme', role: 'editor' });
    expect((await env.deps.db.doc(`tenants/acme/members/${newcomer.uid}`).get()).get('role')).toBe('editor');
    // One entry per change, written with it (who, whom, from, to): the route adds none of its own.
    const audit = await env.deps.db.collection('tenants/acme/audit').where('target.id', '==', newcomer.uid).get();
    expect(audit.docs.map((d) => [d.get('action'), d.get('target')])).toEqual([['members.role_change', { type: 'account', id: newcomer.uid }]]);

    expect((await put(adminToken, newcomer.uid, null)).status).toBe(200);
    expect((await env.deps.auth.getUser(newcomer.uid)).customClaims ?? {}).toEqual({});
    expect((await env.deps.db.doc(`tenants/acme/members/${newcomer.uid}`).get()).exists).toBe(false);
  });

  it('never grants above the granter, nor touches accounts of other domains or tenants', async () => {
    const newcomer = await env.account({ domain: 'acme.example' });
    const owner = await put(adminToken, newcomer.uid, 'owner');
    expect(owner.status).toBe(403);
    expect(fieldText(owner)).toContain('body.role');

    const outsider = await env.account({ domain: 'elsewhere.example' });
    expect((await put(adminToken, outsider.uid, 'viewer')).status).toBe(404);
    expect((await put(adminToken, 'demo-initech-admin', 'viewer')).status).toBe(404);
    expect((await env.deps.auth.getUser('demo-initech-admin')).customClaims).toEqual({ tid: 'initech', role: 'admin' });
  });

  it('keeps at least one owner', async () => {
    // A tenant of its own with one owner (Acme's demo has an owner of its own besides).
    const domain = `solo-${Math.random().toString(36).slice(2, 8)}.example`;
    const founder = await env.account({ domain });
    const created = await env.http.post('/api/onboarding').set('Authorization', `Bearer ${founder.token}`).send({ companyName: 'Solo', domain });
    expect(created.status).toBe(201);
    const owner = { uid: founder.uid, token: await env.token(founder.email) };
    const res = await put(owner.token, owner.uid, 'admin');
    expect(res.status).toBe(412);
    expect(res.body.error.code).toBe('failed_precondition');
    expect((await env.deps.auth.getUser(owner.uid)).customClaims).toMatchObject({ role: 'owner' });
  });
});
