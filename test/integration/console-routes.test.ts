import { beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

/** The two routes the console added: directory search with a total, and the template editor's draft preview. */
const JANE = 'u649905b987a36b6';
let env: TestEnv;
let admin: string;
let initechAdmin: string;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.token(DEMO.acmeAdmin);
  initechAdmin = await env.token(DEMO.initechAdmin);
});

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('GET /api/directory/search', () => {
  it('answers the total without a query, and finds people by the start of a name or email, case-insensitively', async () => {
    const all = await env.http.get('/api/directory/search').set(as(admin));
    expect(all.status).toBe(200);
    const listed = await env.http.get('/api/users?limit=200').set(as(admin));
    expect(all.body).toEqual({ total: listed.body.users.length, matches: 0, users: [], nextPageToken: null });

    const byLast = await env.http.get('/api/directory/search?q=DOE').set(as(admin));
    expect(byLast.body.users.map((u: { email: string }) => u.email)).toContain('jane.doe@acme.example');
    expect(byLast.body.matches).toBe(byLast.body.users.length);

    const byFull = await env.http.get('/api/directory/search?q=jane%20doe').set(as(admin));
    expect(byFull.body.users.map((u: { id: string }) => u.id)).toEqual([JANE]);

    const byEmailPart = await env.http.get('/api/directory/search?q=jane.doe@acme').set(as(admin));
    expect(byEmailPart.body.users.map((u: { id: string }) => u.id)).toEqual([JANE]);
  });

  it('searches the name as edited (overrides), and limits the page but counts every match', async () => {
    const edited = await env.http.patch(`/api/users/${JANE}`).set(as(admin)).send({ lastName: 'Zephyrine' });
    expect(edited.status).toBe(200);
    try {
      const res = await env.http.get('/api/directory/search?q=zephyr').set(as(admin));
      expect(res.body.users.map((u: { id: string; lastName: string }) => [u.id, u.lastName])).toEqual([[JANE, 'Zephyrine']]);
    } finally {
      await env.http.patch(`/api/users/${JANE}`).set(as(admin)).send({ lastName: null });
    }
    const all = await env.http.get('/api/directory/search?q=a').set(as(admin));
    const page = await env.http.get('/api/directory/search?q=a&limit=3').set(as(admin));
    expect(page.body.users).toHaveLength(3);
    expect(page.body.users).toEqual(all.body.users.slice(0, 3));
    expect(page.body.matches).toBe(all.body.matches);
    expect(page.body.matches).toBeGreaterThan(3);
  });

  it("never shows another tenant's people", async () => {
    const res = await env.http.get('/api/directory/search?q=jane').set(as(initechAdmin));
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body.users)).not.toContain('acme.example');
  });
});

describe('POST /api/templates/draft-preview', () => {
  it('renders unsaved HTML for a user with the banner they get now, and stores nothing', async () => {
    const before = (await env.deps.db.collection('tenants/acme/templates').get()).size;
    const res = await env.http
      .post('/api/templates/draft-preview')
      .set(as(admin))
      .send({ html: '<p><b>{{firstName}} {{lastName}}</b>{{#mobilePhone}} M {{mobilePhone}}{{/mobilePhone}}</p>{{banner}}', userId: JANE });
    expect(res.status).toBe(200);
    expect(res.body.html).toContain('<b>Jane Doe</b>');
    expect(res.body.html).not.toContain(' M ');
    // A preview: the campaign's own image and destination, no counted link (preview-renders.test.ts).
    expect(res.body.html).toContain(`<a href="https://www.acme.example/spring" target="_blank" rel="noopener"><img src="${env.deps.config.linkBaseUrl}/img/acme/4ce2a8ac3386003685a0a88bddc3fe4a.png"`);
    expect(res.body).toMatchObject({ templateId: null, campaignId: 'spring-launch' });
    expect((await env.deps.db.collection('tenants/acme/templates').get()).size).toBe(before);
  });

  it('refuses what a save would refuse, naming body.html for each problem, and sanitises like a save', async () => {
    const bad = await env.http.post('/api/templates/draft-preview').set(as(admin)).send({ html: '<p>{{bogus}} {{#title}}x</p>', userId: JANE });
    expect(bad.status).toBe(400);
    expect(fieldText(bad)).toContain('body.html: unknown placeholder {{bogus}}');
    expect(bad.body.error.fields.every((f: { field: string }) => f.field === 'body.html')).toBe(true);
    expect(bad.body.error.fields.length).toBeGreaterThanOrEqual(2);

    const script = await env.http.post('/api/templates/draft-preview').set(as(admin)).send({ html: '<p onclick="x()">{{firstName}}<script>alert(1)</script></p>', userId: JANE });
    expect(script.status).toBe(200);
    expect(script.body.html).toBe('<p>Jane</p>');
  });

  it("answers 404 for a user of another tenant, naming the field", async () => {
    const res = await env.http.post('/api/templates/draft-preview').set(as(initechAdmin)).send({ html: '<p>{{firstName}}</p>', userId: JANE });
    expect(res.status).toBe(404);
    expect(fieldText(res)).toContain('body.userId');
  });
});
