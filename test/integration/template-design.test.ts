import { beforeAll, describe, expect, it } from 'vitest';
import type { TemplateDesign } from '../../functions/src/api-types.js';
import { defaultDesign, designHtml } from '../../hosting/src/templates/designer.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/** The designer's state is saved with the template's HTML, and the HTML it made is stored unchanged. */
let env: TestEnv;
let admin: string;
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const ORIGIN = 'https://console.example';

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.token(DEMO.acmeAdmin);
});

const design: TemplateDesign = {
  ...defaultDesign({ name: 'Acme', domain: 'acme.example' }, 'https://cdn.acme.example/logo.png'),
  layout: 'logo-top',
  brandColor: '#b3261e',
  fields: ['name', 'title', 'email', 'banner'],
  social: [{ kind: 'video', url: 'https://video.example/@acme' }],
  legal: 'Acme Ltd, registered in England & Wales, no. 0123456.',
};

describe('templates made in the designer', () => {
  it('store the HTML exactly as generated and the design beside it; GET gives both back', async () => {
    const html = designHtml(design, ORIGIN);
    const created = await env.http.post('/api/templates').set(as(admin)).send({ name: 'Designed', html, design });
    expect(created.status).toBe(201);
    expect(created.body.html).toBe(html);
    const read = await env.http.get(`/api/templates/${created.body.id}`).set(as(admin));
    expect(read.body).toMatchObject({ html, design });

    const next = { ...design, layout: 'compact' as const };
    const patched = await env.http.patch(`/api/templates/${created.body.id}`).set(as(admin)).send({ html: designHtml(next, ORIGIN), design: next });
    expect(patched.status).toBe(200);
    expect((await env.http.get(`/api/templates/${created.body.id}`).set(as(admin))).body).toMatchObject({ html: designHtml(next, ORIGIN), design: next });
  });

  it('forget the design when HTML is saved without it (the HTML is now written by hand), and keep it on a rename', async () => {
    const created = await env.http.post('/api/templates').set(as(admin)).send({ name: 'Designed 2', html: designHtml(design, ORIGIN), design });
    const renamed = await env.http.patch(`/api/templates/${created.body.id}`).set(as(admin)).send({ name: 'Designed two' });
    expect(renamed.body.design).toEqual(design);
    const byHand = await env.http.patch(`/api/templates/${created.body.id}`).set(as(admin)).send({ html: '<p>{{firstName}}</p>' });
    expect(byHand.status).toBe(200);
    expect((await env.http.get(`/api/templates/${created.body.id}`).set(as(admin))).body.design).toBeNull();
  });

  it('refuse a design without its HTML, and a design with a bad link, naming the field', async () => {
    const created = await env.http.post('/api/templates').set(as(admin)).send({ name: 'Designed 3', html: designHtml(design, ORIGIN), design });
    const alone = await env.http.patch(`/api/templates/${created.body.id}`).set(as(admin)).send({ design });
    expect(alone.status).toBe(400);
    expect(JSON.stringify(alone.body)).toContain('design');
    const bad = await env.http.post('/api/templates').set(as(admin)).send({ name: 'Bad', html: '<p>x</p>', design: { ...design, social: [{ kind: 'video', url: 'javascript:alert(1)' }] } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('https://');
  });
});
