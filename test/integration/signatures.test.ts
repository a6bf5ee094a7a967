import { beforeAll, describe, expect, it } from 'vitest';
import { mintBannerLinks } from '../../functions/src/tracking/mint-links.js';
import { escapeText } from '../../functions/src/signatures/render-signature.js';
import { whatAppliesToUser } from '../../functions/src/signatures/applies-to-user.js';
import { loadSignatureContext, signatureFor } from '../../functions/src/signatures/user-signature.js';
import type { UserDoc } from '../../functions/src/core/schemas/user.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

const JANE = 'u649905b987a36b6';
let env: TestEnv;
let admin: string;
let jane: string;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.token(DEMO.acmeAdmin);
  jane = await env.token(DEMO.acmeUser);
});

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('signatures', () => {
  it("gives an employee their own signature with the active banner's tracked links", async () => {
    const res = await env.http.get('/api/me/signature').set(as(jane));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ templateId: 'acme-standard', campaignId: 'spring-launch' });
    const links = await mintBannerLinks(env.deps, { tenantId: 'acme', campaignId: 'spring-launch', userId: JANE });
    expect(res.body.html).toContain(`<a href="${escapeText(links.clickUrl)}"`);
    expect(res.body.html).toContain(`<img src="${escapeText(links.viewUrl)}" alt="Acme spring launch: the new collection is here" width="600" height="150"`);
    expect(res.body.html).not.toContain('https://www.acme.example/spring');
    expect(res.body.html).toContain('<a href="tel:+33155000010"');
    expect(res.body.text).toContain('Jane Doe\nAccount Executive\nT: +33 1 55 00 00 10 | jane.doe@acme.example');
    expect(res.body.text).not.toContain('M:');

    // The admin's view is the preview rendering: the employee's own, with the banner uncounted.
    const same = await env.http.get(`/api/users/${JANE}/signature`).set(as(admin));
    const preview = await env.http.get('/api/me/signature').query({ purpose: 'preview' }).set(as(jane));
    expect(same.body).toEqual(preview.body);
    expect(same.body.html).not.toContain(links.viewUrl);
  });

  it("tells what applies to a user, for the user's export", async () => {
    expect(await whatAppliesToUser(env.deps, 'acme', JANE)).toEqual({
      template: { templateId: 'acme-standard', assignmentId: 'everyone', via: 'everyone' },
      bannerCampaignId: 'spring-launch',
      notificationCampaignIds: ['welcome-notice'],
    });
    expect(await whatAppliesToUser(env.deps, 'initech', JANE)).toBeNull();
  });

  it('escapes hostile self-service values', async () => {
    await env.deps.db.doc(`tenants/acme/users/${JANE}`).update({ overrides: { firstName: '<script>alert(1)</script>', title: 'Boss" onmouseover="x' } });
    try {
      const res = await env.http.get('/api/me/signature').set(as(jane));
      expect(res.body.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Doe');
      expect(res.body.html).toContain('Boss&quot; onmouseover=&quot;x');
      expect(res.body.html).not.toMatch(/<script|onmouseover="/);
    } finally {
      await env.deps.db.doc(`tenants/acme/users/${JANE}`).update({ overrides: {} });
    }
  });

  it('sanitises templates when saved and refuses unknown placeholders, naming the field', async () => {
    const created = await env.http
      .post('/api/templates')
      .set(as(admin))
      .send({ name: 'Sales', html: '<p onclick="steal()">{{firstName}}<script>x()</script><a href="javascript:alert(1)">go</a></p>' });
    expect(created.status).toBe(201);
    expect(created.body.html).toBe('<p>{{firstName}}<a>go</a></p>');
    const stored = await env.http.get(`/api/templates/${created.body.id}`).set(as(admin));
    expect(stored.body.html).toBe(created.body.html);

    const bad = await env.http.post('/api/templates').set(as(admin)).send({ name: 'Bad', html: '<p>{{nickname}}</p>{{#title}}' });
    expect(bad.status).toBe(400);
    expect(fieldText(bad)).toBe('body.html: unknown placeholder {{nickname}}; body.html: {{#title}} is never closed');
    const list = await env.http.get('/api/templates').set(as(admin));
    expect(list.body.templates.map((t: { name: string }) => t.name)).toEqual(['Acme standard', 'Sales']);
  });

  it('applies the precedence rule: own assignment, then group, then everyone', async () => {
    const sales = (await env.http.post('/api/templates').set(as(admin)).send({ name: 'Sales team', html: '<p>Sales: {{firstName}}</p>' })).body.id;
    const personal = (await env.http.post('/api/templates').set(as(admin)).send({ name: 'Jane only', html: '<p>Just {{firstName}}</p>' })).body.id;
    const toSales = await env.http.put('/api/template-assignments').set(as(admin)).send({ templateId: sales, target: { kind: 'group', group: 'Sales' } });
    expect(toSales.status).toBe(200);
    expect((await env.http.get('/api/me/signature').set(as(jane))).body.html).toBe('<p>Sales: Jane</p>');

    const toJane = await env.http.put('/api/template-assignments').set(as(admin)).send({ templateId: personal, target: { kind: 'user', userId: JANE } });
    expect(toJane.body).toMatchObject({ id: `user-${JANE}`, target: 'user', userId: JANE });
    expect((await env.http.get('/api/me/signature').set(as(jane))).body.html).toBe('<p>Just Jane</p>');

    const assignments = await env.deps.db.collection('tenants/acme/signatureAssignments').where('userId', '==', JANE).get();
    expect(assignments.docs.map((d) => d.get('templateId'))).toEqual([personal]);

    const removed = await env.http.delete(`/api/templates/${personal}`).set(as(admin));
    expect(removed.body).toMatchObject({ deleted: true, unassigned: 1 });
    expect((await env.http.get('/api/me/signature').set(as(jane))).body.html).toBe('<p>Sales: Jane</p>');
    await env.http.delete(`/api/template-assignments/${toSales.body.id}`).set(as(admin));
    expect((await env.http.get('/api/me/signature').set(as(jane))).body.templateId).toBe('acme-standard');

    const unknown = await env.http.put('/api/template-assignments').set(as(admin)).send({ templateId: sales, target: { kind: 'user', userId: 'nobody-here' } });
    expect(unknown.status).toBe(400);
    expect(fieldText(unknown)).toContain('body.target.userId');
  });

  it('assigns a template to a sending address on a verified domain, which whoever sends as it gets with their own fields', async () => {
    const team = (await env.http.post('/api/templates').set(as(admin)).send({ name: 'Sales desk', html: '<p>{{firstName}} for the sales desk, {{email}}</p>' })).body.id;
    const put = await env.http.put('/api/template-assignments').set(as(admin)).send({ templateId: team, target: { kind: 'address', address: 'Sales.Desk@ACME.example' } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ target: 'address', address: 'sales.desk@acme.example', userId: null, group: null });
    try {
      const ctx = await loadSignatureContext(env.deps, 'acme', 'preview');
      const user = (await env.deps.db.doc(`tenants/acme/users/${JANE}`).get()).data() as UserDoc;
      const asDesk = await signatureFor(env.deps, ctx, JANE, user, env.deps.now(), { sendingAs: 'sales.desk@acme.example' });
      expect(asDesk).toMatchObject({ html: '<p>Jane for the sales desk, sales.desk@acme.example</p>', sendingAs: 'sales.desk@acme.example', templateId: team });
      // An address nobody assigned, a colleague's own address: the sender's own signature, never the colleague's.
      for (const other of ['nobody.assigned@acme.example', 'john.roe@acme.example']) {
        const own = await signatureFor(env.deps, ctx, JANE, user, env.deps.now(), { sendingAs: other });
        expect(own).toMatchObject({ templateId: 'acme-standard', sendingAs: null });
        expect(own.text).toContain('jane.doe@acme.example');
      }
      // The person's own rendering does not change.
      expect((await env.http.get('/api/me/signature').set(as(jane))).body.templateId).toBe('acme-standard');

      const unverified = await env.http.put('/api/template-assignments').set(as(admin)).send({ templateId: team, target: { kind: 'address', address: 'sales@acme-partner.example' } });
      expect(unverified.status).toBe(400);
      expect(fieldText(unverified)).toContain('verified domains');
      const personal = await env.http.put('/api/template-assignments').set(as(admin)).send({ templateId: team, target: { kind: 'address', address: 'jane.doe@acme.example' } });
      expect(personal.status).toBe(400);
      expect(fieldText(personal)).toContain('assign the template to the person');
      const notAnAddress = await env.http.put('/api/template-assignments').set(as(admin)).send({ templateId: team, target: { kind: 'address', address: 'sales desk' } });
      expect(notAnAddress.status).toBe(400);
    } finally {
      await env.http.delete(`/api/templates/${team}`).set(as(admin));
    }
    expect((await env.deps.db.collection('tenants/acme/signatureAssignments').where('target', '==', 'address').get()).size).toBe(0);
  });

  it('queues no Gmail deployment in a region without Google credentials, and says so when asked', async () => {
    const res = await env.http.post('/api/signatures/deploy').set(as(admin)).send({});
    expect(res.status).toBe(412);
    expect(res.body.error.code).toBe('failed_precondition');
    const edited = await env.http.patch('/api/templates/acme-standard').set(as(admin)).send({ html: '<p>{{firstName}}</p>' });
    expect(edited.body.deployJobId).toBeNull();
    expect((await env.deps.db.collection('tenants/acme/jobs').where('kind', '==', 'signatures.deploy').get()).size).toBe(0);
  });

  it('previews any template for any user', async () => {
    const tpl = (await env.http.post('/api/templates').set(as(admin)).send({ name: 'Preview', html: '<p>{{firstName}} {{lastName}}{{#mobilePhone}} · {{mobilePhone}}{{/mobilePhone}}</p>' })).body.id;
    const res = await env.http.get(`/api/templates/${tpl}/preview/${JANE}`).set(as(admin));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ html: '<p>Jane Doe</p>', text: 'Jane Doe', templateId: tpl });
    expect((await env.http.get(`/api/templates/${tpl}/preview/nobody-here`).set(as(admin))).status).toBe(404);
  });
});

describe('banner campaigns', () => {
  it('validates destination URLs, dates and the kind block, naming the field', async () => {
    const base = { kind: 'banner', name: 'X', startAt: '2026-01-01T00:00:00Z', banner: { imageUrl: 'https://assets.acme.example/i.png', destinationUrl: 'https://www.acme.example/' } };
    const js = await env.http.post('/api/campaigns').set(as(admin)).send({ ...base, banner: { ...base.banner, destinationUrl: 'javascript:alert(1)' } });
    expect(js.status).toBe(400);
    expect(fieldText(js)).toContain('body.banner.destinationUrl');
    const data = await env.http.post('/api/campaigns').set(as(admin)).send({ ...base, banner: { ...base.banner, imageUrl: 'data:image/png;base64,AAAA' } });
    expect(fieldText(data)).toContain('body.banner.imageUrl');
    const dates = await env.http.post('/api/campaigns').set(as(admin)).send({ ...base, endAt: '2025-01-01T00:00:00Z' });
    expect(fieldText(dates)).toBe('body.endAt: must be after startAt');
    const missing = await env.http.post('/api/campaigns').set(as(admin)).send({ ...base, banner: undefined });
    expect(fieldText(missing)).toBe('body.banner: is required for a banner campaign');
    const when = await env.http.post('/api/campaigns').set(as(admin)).send({ ...base, startAt: 'next tuesday' });
    expect(fieldText(when)).toContain('body.startAt');
    expect((await env.deps.db.collection('tenants/acme/campaigns').count().get()).data().count).toBe(2);
  });

  it('lists campaigns and takes an ended banner out of signatures', async () => {
    const list = await env.http.get('/api/campaigns').query({ kind: 'banner' }).set(as(admin));
    expect(list.body.campaigns.map((c: { id: string; running: boolean }) => [c.id, c.running])).toEqual([['spring-launch', true]]);
    const patch = await env.http.patch('/api/campaigns/spring-launch').set(as(admin)).send({ endAt: '2026-02-01T00:00:00Z' });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ running: false, endAt: '2026-02-01T00:00:00.000Z' });
    const sig = await env.http.get('/api/me/signature').set(as(jane));
    expect(sig.body.campaignId).toBeNull();
    expect(sig.body.html).not.toContain('<img');
    const bad = await env.http.patch('/api/campaigns/spring-launch').set(as(admin)).send({ startAt: '2026-03-01T00:00:00Z' });
    expect(bad.status).toBe(400);
    expect(fieldText(bad)).toBe('body.endAt: must be after startAt');
  });

  it('deletes a campaign and hands its remaining data to the purge engine', async () => {
    const res = await env.http.delete('/api/campaigns/spring-launch').set(as(admin));
    expect(res.status).toBe(200);
    expect((await env.deps.db.doc('tenants/acme/campaigns/spring-launch').get()).exists).toBe(false);
    const job = await env.deps.db.doc(`tenants/acme/jobs/${res.body.purgeJobId}`).get();
    expect(job.get('kind')).toBe('privacy.purge');
    expect((await env.http.get('/api/campaigns/spring-launch').set(as(admin))).status).toBe(404);
  });

  it("keeps tenants apart: another tenant's admin sees none of Acme's templates or campaigns", async () => {
    const initech = await env.token(DEMO.initechAdmin);
    expect((await env.http.get('/api/templates').set(as(initech))).body).toEqual({ templates: [] });
    expect((await env.http.get('/api/templates/acme-standard').set(as(initech))).status).toBe(404);
    expect((await env.http.get(`/api/templates/acme-standard/preview/${JANE}`).set(as(initech))).status).toBe(404);
    expect((await env.http.get(`/api/users/${JANE}/signature`).set(as(initech))).status).toBe(404);
    expect((await env.http.get('/api/campaigns/welcome-notice').set(as(initech))).status).toBe(404);
  });
});
