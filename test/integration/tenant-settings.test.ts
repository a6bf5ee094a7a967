import { beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

let env: TestEnv;
let admin: string;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.token(DEMO.initechAdmin);
});

describe('PATCH /api/tenant/settings', () => {
  it('turns recipient tracking on, sets the fallback URL, and audits it', async () => {
    const res = await env.http
      .patch('/api/tenant/settings')
      .set('Authorization', `Bearer ${admin}`)
      .send({ recipientTracking: { enabled: true }, fallbackUrl: 'https://www.initech.example/welcome' });
    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({ recipientTracking: { enabled: true, retentionDays: 90 }, fallbackUrl: 'https://www.initech.example/welcome', gmailSignatures: false });
    const audit = await env.deps.db.collection('tenants/initech/audit').where('action', '==', 'tenant.settings_update').get();
    expect(audit.docs.map((d) => d.get('target'))).toEqual([{ type: 'settings', id: 'fallbackUrl,recipientTracking' }]);
  });

  it('refuses a fallback URL that is not http(s), or an unknown setting, naming the field and changing nothing', async () => {
    const before = (await env.deps.db.doc('tenants/initech').get()).get('settings');
    const bad = await env.http.patch('/api/tenant/settings').set('Authorization', `Bearer ${admin}`).send({ fallbackUrl: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect(fieldText(bad)).toContain('body.fallbackUrl');
    const unknown = await env.http.patch('/api/tenant/settings').set('Authorization', `Bearer ${admin}`).send({ auditRetentionDays: 9999 });
    expect(unknown.status).toBe(400);
    expect((await env.deps.db.doc('tenants/initech').get()).get('settings')).toEqual(before);
  });
});
