import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGmail } from '../fakes/fake-gmail.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

// Gmail meters the whole project; here a tiny quota (5 calls/s, no burst) that Acme's 36 users
// exceed, with the deployment told a larger one, so it must learn the real limit from the 429s.
let env: TestEnv;
let gmail: FakeGmail;
let admin: string;

beforeAll(async () => {
  gmail = await new FakeGmail({ quota: { perSecond: 5, burst: 1 } }).start();
  env = await createTestEnv({ env: { ...gmail.env(), GMAIL_QUOTA_PER_SECOND: '40' } });
  admin = await env.token(DEMO.acmeAdmin);
});
afterAll(() => gmail.stop());

describe('a Gmail deployment at the project quota', () => {
  it('slows down on 429s, retries the refused calls and pushes everyone, counting no one as failed', async () => {
    const res = await env.http.post('/api/signatures/deploy').set({ Authorization: `Bearer ${admin}` }).send({ force: true });
    expect(res.status).toBe(202);
    await env.deps.tasks.drain();
    const job = (await env.http.get(`/api/jobs/${res.body.jobId}`).set({ Authorization: `Bearer ${admin}` })).body;
    const users = (await env.deps.db.collection('tenants/acme/users').get()).docs.map((d) => d.get('email') as string).sort();
    expect(job).toMatchObject({ status: 'done', counts: { pushed: users.length, failed: 0 } });

    const refused = gmail.calls.filter((c) => c.status === 429);
    const accepted = gmail.calls.filter((c) => c.status === 200);
    expect(refused.length).toBeGreaterThan(0);
    // Every user got through exactly once, and the refusals stayed a minority: the rate came down.
    expect(accepted.map((c) => c.sendAsEmail).sort()).toEqual(users);
    expect(refused.length).toBeLessThan(accepted.length);
    const deployed = await env.deps.db.collection('tenants/acme/signatureDeployments').where('status', '==', 'deployed').count().get();
    expect(deployed.data().count).toBe(users.length);
  });
});
