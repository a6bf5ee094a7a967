import { beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { tenantSnapshot } from '../support/tenant-fingerprint.js';
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
const receipts = async (tenant = 'acme') => (await env.deps.db.collection(`tenants/${tenant}/receipts`).get()).docs.map((d) => ({ id: d.id, ...d.data() }) as Record<string, unknown>);

async function createNotification(token: string, over: Record<string, unknown> = {}, tracking = { seen: true, clicked: true, liked: true }) {
  const res = await env.http
    .post('/api/campaigns')
    .set(as(token))
    .send({ kind: 'notification', name: 'Notice', startAt: '2026-01-01T00:00:00Z', notification: { title: 'Hello', body: 'Text', tracking }, ...over });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

describe('notifications for employees', () => {
  it('lists the running notifications addressed to the caller, with their own receipts', async () => {
    const res = await env.http.get('/api/me/notifications').set(as(jane));
    expect(res.status).toBe(200);
    expect(res.body.notifications).toEqual([
      expect.objectContaining({
        id: 'welcome-notice',
        title: 'Your new email signature is here',
        videoUrl: 'https://videos.acme.example/new-signatures.mp4',
        receipts: { seen: false, clicked: false, liked: false },
      }),
    ]);
  });

  it('records a receipt once, however often it is sent', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await env.http.post('/api/me/notifications/welcome-notice/events').set(as(jane)).send({ type: 'seen' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ recorded: true });
    }
    expect(await receipts()).toEqual([
      expect.objectContaining({ id: `welcome-notice_${JANE}_seen`, campaignId: 'welcome-notice', userId: JANE, type: 'seen' }),
    ]);
    const list = await env.http.get('/api/me/notifications').set(as(jane));
    expect(list.body.notifications[0].receipts).toEqual({ seen: true, clicked: false, liked: false });
  });

  it('stores nothing at all for a kind of tracking that is off', async () => {
    const id = await createNotification(admin, {}, { seen: true, clicked: false, liked: false });
    const before = await tenantSnapshot(env.deps.db, 'acme');
    for (const type of ['clicked', 'liked']) {
      const res = await env.http.post(`/api/me/notifications/${id}/events`).set(as(jane)).send({ type });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ recorded: false });
    }
    expect(await tenantSnapshot(env.deps.db, 'acme')).toEqual(before);

    const off = await env.http.patch('/api/campaigns/welcome-notice').set(as(admin)).send({
      notification: { title: 'Your new email signature is here', tracking: { seen: true, clicked: true, liked: false } },
    });
    expect(off.status).toBe(200);
    const liked = await env.http.post('/api/me/notifications/welcome-notice/events').set(as(jane)).send({ type: 'liked' });
    expect(liked.body).toEqual({ recorded: false });
    expect((await receipts()).filter((r) => r.type === 'liked')).toEqual([]);
  });

  it('reports audience size, counts and rates per notification', async () => {
    await env.http.post('/api/me/notifications/welcome-notice/events').set(as(jane)).send({ type: 'clicked' });
    const res = await env.http.get('/api/campaigns/welcome-notice/notification-report').set(as(admin));
    expect(res.status).toBe(200);
    const audience = (await env.deps.db.collection('tenants/acme/users').count().get()).data().count;
    expect(res.body).toEqual({
      campaignId: 'welcome-notice',
      audience,
      tracking: { seen: true, clicked: true, liked: false },
      counts: { seen: 1, clicked: 1, liked: 0 },
      rates: { seen: Math.round((1 / audience) * 10_000) / 10_000, clicked: Math.round((1 / audience) * 10_000) / 10_000, liked: 0 },
    });

    const engineering = await createNotification(admin, { targetGroups: ['Engineering', 'Support'] });
    const report = await env.http.get(`/api/campaigns/${engineering}/notification-report`).set(as(admin));
    const members = await env.deps.db.collection('tenants/acme/users').where('groups', 'array-contains-any', ['Engineering', 'Support']).count().get();
    expect(report.body.audience).toBe(members.data().count);
    expect(report.body.counts).toEqual({ seen: 0, clicked: 0, liked: 0 });

    const banner = await env.http.get('/api/campaigns/spring-launch/notification-report').set(as(admin));
    expect(banner.status).toBe(404);
  });

  it('hides notifications for other groups, not yet started or ended, and refuses their receipts', async () => {
    const elsewhere = await createNotification(admin, { targetGroups: ['Engineering'] });
    const later = await createNotification(admin, { startAt: '2099-01-01T00:00:00Z' });
    const over = await createNotification(admin, { startAt: '2025-01-01T00:00:00Z', endAt: '2025-02-01T00:00:00Z' });
    const list = await env.http.get('/api/me/notifications').set(as(jane));
    const ids = list.body.notifications.map((n: { id: string }) => n.id);
    for (const id of [elsewhere, later, over]) {
      expect(ids).not.toContain(id);
      const res = await env.http.post(`/api/me/notifications/${id}/events`).set(as(jane)).send({ type: 'seen' });
      expect(res.status).toBe(404);
    }
    expect((await receipts()).filter((r) => [elsewhere, later, over].includes(r.campaignId as string))).toEqual([]);
  });

  it('erases the receipts of a kind of tracking when it is switched off', async () => {
    const id = await createNotification(admin);
    await env.http.post(`/api/me/notifications/${id}/events`).set(as(jane)).send({ type: 'seen' });
    await env.http.post(`/api/me/notifications/${id}/events`).set(as(jane)).send({ type: 'clicked' });
    const off = await env.http
      .patch(`/api/campaigns/${id}`)
      .set(as(admin))
      .send({ notification: { title: 'Hello', tracking: { seen: false, clicked: true, liked: true } } });
    expect(off.status).toBe(200);
    expect((await receipts()).filter((r) => r.campaignId === id).map((r) => r.type)).toEqual(['clicked']);
    const report = await env.http.get(`/api/campaigns/${id}/notification-report`).set(as(admin));
    expect(report.body.counts).toEqual({ seen: 0, clicked: 1, liked: 0 });
  });

  it('matches the caller by verified email only, and validates the event type', async () => {
    const stranger = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'user' });
    expect((await env.http.get('/api/me/notifications').set(as(stranger.token))).status).toBe(404);
    const unverified = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'user', emailVerified: false });
    expect((await env.http.get('/api/me/notifications').set(as(unverified.token))).status).toBe(403);
    const bad = await env.http.post('/api/me/notifications/welcome-notice/events').set(as(jane)).send({ type: 'shared' });
    expect(bad.status).toBe(400);
    expect(fieldText(bad)).toContain('body.type');
  });

  it("keeps tenants apart: one tenant's notifications and receipts are invisible to the other", async () => {
    const initechAdmin = await env.token(DEMO.initechAdmin);
    const initechNotice = await createNotification(initechAdmin, { name: 'Initech notice' });
    const before = await tenantSnapshot(env.deps.db, 'initech');
    const res = await env.http.post(`/api/me/notifications/${initechNotice}/events`).set(as(jane)).send({ type: 'seen' });
    expect(res.status).toBe(404);
    expect(await tenantSnapshot(env.deps.db, 'initech')).toEqual(before);
    const list = await env.http.get('/api/campaigns').set(as(initechAdmin));
    expect(list.body.campaigns.map((c: { id: string }) => c.id)).toEqual([initechNotice]);
    const report = await env.http.get('/api/campaigns/welcome-notice/notification-report').set(as(initechAdmin));
    expect(report.status).toBe(404);
    expect(await receipts('initech')).toEqual([]);
  });
});
