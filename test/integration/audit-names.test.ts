import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_CATEGORIES } from '../../functions/src/core/audit-actions.js';
import { routes } from '../../functions/src/api/route-table.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * Issue #21 item 8: the audit log reads in names (templates, campaigns, people), never resurrects
 * an erased person's name, and filters by readable categories from the one action list.
 */
let env: TestEnv;
let admin: string;
const as = () => ({ Authorization: `Bearer ${admin}` });
const QUINN = 'uaudit0000000001';

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.token(DEMO.acmeAdmin);
  const now = new Date();
  await env.deps.db.doc(`tenants/acme/users/${QUINN}`).set({
    email: 'quinn.example@acme.example', firstName: 'Quinn', lastName: 'Example', title: '', workPhone: '', mobilePhone: '', addresses: [], groups: ['Sales'],
    source: 'csv', contentHash: 'a'.repeat(64), overrides: {}, createdAt: now, updatedAt: now,
  });
});

async function audit(query: Record<string, string> = {}) {
  const res = await env.http.get('/api/audit').query({ limit: '200', ...query }).set(as());
  expect(res.status).toBe(200);
  return res.body as { entries: { action: string; category: string; target: { type: string; id: string } | null; targetName: { label: string; link: string | null } | null }[]; categories: string[] };
}

describe('the audit log in words', () => {
  it('names the templates, campaigns and people it acted on', async () => {
    const created = await env.http
      .post('/api/campaigns')
      .set(as())
      .send({ kind: 'banner', name: 'Spring webinar', startAt: '2026-04-01T09:00:00Z', banner: { imageUrl: 'https://assets.acme.example/w.png', destinationUrl: 'https://www.acme.example/webinar' } });
    expect(created.status).toBe(201);
    expect((await env.http.patch('/api/templates/acme-standard').set(as()).send({ name: 'Sales compact' })).status).toBe(200);
    expect((await env.http.patch(`/api/users/${QUINN}`).set(as()).send({ title: 'Examples lead' })).status).toBe(200);

    const { entries, categories } = await audit();
    expect(categories).toEqual(AUDIT_CATEGORIES);
    expect(categories).toEqual(expect.arrayContaining(['Roles and members', 'Privacy requests', 'Directory', 'Signatures', 'Campaigns']));
    const of = (action: string) => entries.find((e) => e.action === action)!;
    expect(of('campaign.create')).toMatchObject({ category: 'Campaigns', targetName: { label: 'Campaign “Spring webinar”', link: `/campaigns/${created.body.id}` } });
    expect(of('template.update')).toMatchObject({ category: 'Signatures', targetName: { label: 'Template “Sales compact”', link: '/templates/acme-standard' } });
    expect(of('directory.user_edit')).toMatchObject({ category: 'Directory', targetName: { label: 'Quinn Example', link: `/directory/users/${QUINN}` } });
  });

  it('filters by category, and only that category', async () => {
    const { entries } = await audit({ category: 'Campaigns' });
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.category))).toEqual(new Set(['Campaigns']));
    const bad = await env.http.get('/api/audit').query({ category: 'Everything' }).set(as());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).not.toMatch(/Invalid option|expected one of/);
  });

  it('shows an erased person as "a removed person", never their name', async () => {
    const purge = await env.http.post('/api/privacy/purge').set(as()).send({ userIds: [QUINN] });
    expect(purge.status).toBe(202);
    await env.deps.tasks.drain();
    const page = await audit({ category: 'Directory' });
    const edit = page.entries.find((e) => e.action === 'directory.user_edit')!;
    expect(edit.targetName).toEqual({ label: 'a removed person', link: null });
    expect(JSON.stringify(page)).not.toMatch(/Quinn|quinn\.example/);
  });

  it('gives every action a route can audit a category', () => {
    for (const r of routes) if (r.audit && 'action' in r.audit) expect(AUDIT_ACTIONS, r.path).toHaveProperty([r.audit.action]);
  });
});
