import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertRouteTable } from '../../functions/src/api/route-table.js';
import { createLinksApp, createLinksRuntime } from '../../functions/src/links/links-app.js';
import { route } from '../../functions/src/http/route.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * Issue #21: a signature shown in the console (previews, an admin's view of a user, the employee's
 * own page) never counts as a banner view or click, and a draft preview writes no audit entry; a
 * signature that is sent (the employee's "Copy signature", Gmail, the Outlook add-in) still counts.
 */
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const JANE = 'u649905b987a36b6';
let env: TestEnv;
let links: ReturnType<typeof supertest>;
let admin: string;
let jane: string;

beforeAll(async () => {
  env = await createTestEnv();
  links = supertest(createLinksApp(env.deps, createLinksRuntime(env.deps, { cacheTtlMs: 0 })));
  admin = await env.token(DEMO.acmeAdmin);
  jane = await env.token(DEMO.acmeUser);
});

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The campaign's recorded hits: views and clicks, human and bot-classed alike. */
async function hits(): Promise<Record<string, number>> {
  const snap = await env.deps.db.collection('tenants/acme/campaigns/spring-launch/counters').get();
  const total: Record<string, number> = {};
  for (const d of snap.docs) for (const [k, v] of Object.entries(d.data())) if (typeof v === 'number' && k !== 'shard') total[k] = (total[k] ?? 0) + v;
  return total;
}

/** Every image and link URL in rendered HTML. */
function urls(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).filter((u) => /^https?:/.test(u));
}

/** Loads every image and follows every link of `html` through the link function, as a mail client or a browser frame would. */
async function loadAll(html: string): Promise<void> {
  for (const u of urls(html)) {
    const { pathname, search } = new URL(u);
    await links.get(pathname + search).set('User-Agent', CHROME);
  }
}

describe('renders that are sent', () => {
  it("counts the banner of the signature an employee copies to send (GET /api/me/signature)", async () => {
    const res = await env.http.get('/api/me/signature').set(as(jane));
    expect(res.status).toBe(200);
    expect(res.body.html).toMatch(/<img src="[^"]*\/v\//);
    expect(res.body.html).toMatch(/<a href="[^"]*\/c\//);
    const before = await hits();
    await loadAll(res.body.html as string);
    const after = await hits();
    expect(after.views ?? 0).toBe((before.views ?? 0) + 1);
    expect(after.clicks ?? 0).toBe((before.clicks ?? 0) + 1);
  });
});

describe('renders shown in the console', () => {
  const previews: [string, () => Promise<supertest.Response>][] = [
    ["an admin's view of a user (GET /api/users/:id/signature)", () => env.http.get(`/api/users/${JANE}/signature`).set(as(admin))],
    ['a saved template previewed for a user', () => env.http.get(`/api/templates/acme-standard/preview/${JANE}`).set(as(admin))],
    ['a draft preview', () => env.http.post('/api/templates/draft-preview').set(as(admin)).send({ html: '<p>{{firstName}}</p>{{banner}}', userId: JANE })],
    ["the employee's own page (GET /api/me/signature?purpose=preview)", () => env.http.get('/api/me/signature').query({ purpose: 'preview' }).set(as(jane))],
  ];

  it.each(previews)('%s shows the banner, and loading all it shows counts nothing', async (_what, render) => {
    const before = await hits();
    const shown: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await render();
      expect(res.status).toBe(200);
      shown.push(res.body.html as string);
      await loadAll(res.body.html as string);
    }
    expect(await hits()).toEqual(before);
    for (const html of shown) {
      expect(html).toContain(`<img src="${env.deps.config.linkBaseUrl}/img/acme/4ce2a8ac3386003685a0a88bddc3fe4a.png" alt="Acme spring launch: the new collection is here"`);
      expect(html).toContain('<a href="https://www.acme.example/spring"');
      expect(html).not.toMatch(/\/[vc]\/[A-Za-z0-9_-]{10,}/);
    }
  });
});

describe('audit', () => {
  const entries = async () => (await env.deps.db.collection('tenants/acme/audit').get()).docs.map((d) => d.get('action') as string);

  it('writes no audit entry for draft previews, and one for the save', async () => {
    const before = await entries();
    for (const html of ['<p>{{firstName}}</p>', '<p>{{firstName}} {{lastName}}</p>', '<p>{{firstName}} {{lastName}}</p>{{banner}}']) {
      const res = await env.http.post('/api/templates/draft-preview').set(as(admin)).send({ html, userId: JANE });
      expect(res.status).toBe(200);
    }
    expect(await entries()).toEqual(before);
    const save = await env.http.patch('/api/templates/acme-standard').set(as(admin)).send({ html: '<p>{{firstName}} {{lastName}}</p>{{banner}}' });
    expect(save.status).toBe(200);
    const after = await entries();
    expect(after.length).toBe(before.length + 1);
    expect(after.filter((a) => a === 'template.update').length).toBe(before.filter((a) => a === 'template.update').length + 1);
  });

  it('still refuses a staff mutation that declares no audit entry, or declares none without a reason', () => {
    const handler = async () => ({});
    expect(() => assertRouteTable([route({ method: 'post', path: '/x', access: 'admin', summary: 'x', handler })])).toThrow(/declares no audit entry/);
    expect(() => assertRouteTable([route({ method: 'post', path: '/x', access: 'admin', summary: 'x', audit: { none: '' }, handler })])).toThrow(/without saying why/);
    expect(() => assertRouteTable([route({ method: 'post', path: '/x', access: 'admin', summary: 'x', audit: { none: 'reads only: checks input' }, handler })])).not.toThrow();
  });
});
