import type { Server } from 'node:http';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Firestore } from 'firebase-admin/firestore';
import { FORGED_UNINSTALL } from '../../functions/src/alerts/detectors.js';
import { LOOKUPS_PER_MINUTE } from '../../functions/src/alerts/refused-hooks.js';
import { createHooksApp } from '../../functions/src/privacy/hooks-app.js';
import { signWebhook } from '../../functions/src/privacy/verify-webhook.js';
import { asCloudFunction } from '../support/cloud-function.js';
import { startSmtpCatcher } from '../support/smtp-catcher.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * Issue 23 item 1, the sixth detector: refused uninstall requests (forged, stale) naming a tenant's
 * domain, counted per instance in memory, raise one alert a day for that tenant, mailed to its owners.
 * Each test serves a fresh hooks app (a fresh instance) behind the Cloud Functions body parsers.
 */
let env: TestEnv;
let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
let adminToken: string;
let initechAdminToken: string;
const servers: Server[] = [];

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  env = await createTestEnv({ env: { SMTP_URL: smtp.url } });
  adminToken = await env.token(DEMO.acmeAdmin);
  initechAdminToken = await env.token(DEMO.initechAdmin);
});
afterAll(async () => {
  for (const s of servers) s.close();
  await smtp?.close();
});

/** A fresh instance of the hooks function, as Cloud Functions serves it; `db` to watch what it reads. */
function instance(db: Firestore = env.deps.db) {
  const server = asCloudFunction(createHooksApp({ ...env.deps, db }));
  servers.push(server);
  return supertest(server);
}

const OTHER_SECRET = 'not-the-marketplace-secret-but-32-chars-long';
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The refusals an attacker can produce without the secret, in turn: wrong secret, stale, unsigned, signed over another body. */
function forged(hooks: ReturnType<typeof supertest>, domain: string, n: number) {
  const body = { event: 'app.uninstalled', domain, note: `marker-${n}-do-not-mail` };
  const raw = JSON.stringify(body);
  const req = hooks.post('/hooks/uninstall').set('Content-Type', 'application/json');
  const ts = nowSeconds();
  switch (n % 4) {
    case 0:
      req.set('X-Herald-Timestamp', String(ts)).set('X-Herald-Signature', signWebhook(OTHER_SECRET, ts, raw));
      break;
    case 1:
      req.set('X-Herald-Timestamp', String(ts - 3600)).set('X-Herald-Signature', signWebhook(env.deps.config.webhookSecret, ts - 3600, raw));
      break;
    case 2:
      break;
    default:
      req.set('X-Herald-Timestamp', String(ts)).set('X-Herald-Signature', signWebhook(env.deps.config.webhookSecret, ts, JSON.stringify({ ...body, domain: 'elsewhere.example' })));
  }
  return req.send(raw);
}

async function sendForged(hooks: ReturnType<typeof supertest>, domain: string, from: number, to: number) {
  for (let n = from; n <= to; n++) {
    const res = await forged(hooks, domain, n);
    expect(res.status).toBe(401);
  }
  await env.deps.tasks.drain();
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
async function listed(token: string) {
  const res = await env.http.get('/api/alerts').set(bearer(token));
  expect(res.status).toBe(200);
  return res.body as { alerts: { title: string; details: string; mailed: boolean }[]; detectors: string[] };
}
const forgedAlerts = async (token = adminToken) => (await listed(token)).alerts.filter((a) => a.title.includes('uninstall requests'));
const count = async (query: FirebaseFirestore.Query) => (await query.count().get()).data().count;
const mailsAbout = () => smtp.mails.filter((m) => m.raw.includes('uninstall requests were refused'));

describe('the forged uninstall requests detector', () => {
  it('is listed in what Herald watches', async () => {
    const { detectors } = await listed(adminToken);
    expect(detectors).toHaveLength(6);
    expect(detectors.some((d) => d.includes('Forged or stale requests to uninstall Herald') && d.includes(`${FORGED_UNINSTALL.count} or more within ${FORGED_UNINSTALL.minutes} minutes`))).toBe(true);
  });

  it(`raises nothing for ${FORGED_UNINSTALL.count - 1} refused requests naming acme's domain`, async () => {
    const hooks = instance();
    await sendForged(hooks, 'acme.example', 1, FORGED_UNINSTALL.count - 1);
    expect(await forgedAlerts()).toEqual([]);
    expect(mailsAbout()).toEqual([]);
  });

  it('raises nothing and writes nothing for refused requests naming an unknown domain or a domain only claimed, not proven', async () => {
    // A squat: initech lists a domain it never proved. Refusals naming it must not reach initech.
    await env.deps.db.doc('tenants/initech').update({ domains: ['initech.example', 'squatted.example'] });
    const db = env.deps.db;
    const before = { alerts: await count(db.collectionGroup('alerts')), outbox: await count(db.collectionGroup('outbox')), nonces: await count(db.collection('webhookNonces')) };
    const hooks = instance();
    await sendForged(hooks, 'nobody-here.example', 1, 3 * FORGED_UNINSTALL.count);
    await sendForged(hooks, 'squatted.example', 1, 3 * FORGED_UNINSTALL.count);
    // No domain at all, or not JSON: counted in the logs only.
    for (const raw of ['{}', 'not json', JSON.stringify({ domain: 'not a domain' })]) {
      expect((await hooks.post('/hooks/uninstall').set('Content-Type', 'text/plain').send(raw)).status).toBe(401);
    }
    await env.deps.tasks.drain();
    expect({ alerts: await count(db.collectionGroup('alerts')), outbox: await count(db.collectionGroup('outbox')), nonces: await count(db.collection('webhookNonces')) }).toEqual(before);
    expect(env.log.entries.some((e) => e.message === 'uninstall webhook refused')).toBe(true);
    const logged = JSON.stringify(env.log.entries);
    expect(logged).not.toContain('nobody-here.example');
    expect(logged).not.toContain('squatted.example');
    expect(logged).not.toContain('marker-');
  });

  it(`raises one alert for acme at the ${FORGED_UNINSTALL.count}th refused request naming its domain, mailed to its owners only, and no other that day`, async () => {
    const hooks = instance();
    await sendForged(hooks, 'acme.example', 1, FORGED_UNINSTALL.count);
    const found = await forgedAlerts();
    expect(found).toHaveLength(1);
    expect(found[0]!.details).toContain('acme.example');
    expect(found[0]!.details).toContain('Nothing was deleted');
    expect(found[0]!.mailed).toBe(true);

    const mails = mailsAbout();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual([DEMO.acmeOwner]);
    const text = mails[0]!.raw.slice(mails[0]!.raw.indexOf('\r\n\r\n'));
    expect(text).toContain('acme.example');
    expect(text).toContain('Nothing was deleted');
    // Nothing of the requests beyond the domain.
    expect(text).not.toContain('marker-');
    expect(text).not.toContain('elsewhere.example');

    // The 6th, and on to the 20th, on this instance and on another: still one alert, one mail.
    await sendForged(hooks, 'acme.example', FORGED_UNINSTALL.count + 1, 20);
    await sendForged(instance(), 'acme.example', 1, FORGED_UNINSTALL.count + 1);
    expect(await forgedAlerts()).toHaveLength(1);
    expect(await count(env.deps.db.collection('tenants/acme/alerts'))).toBe(1);
    expect(mailsAbout()).toHaveLength(1);
    expect((await env.deps.db.doc('tenants/acme').get()).get('status')).toBe('active');
  });

  it('a flood costs one domain lookup per domain, and new domains past the per-minute budget are not looked up', async () => {
    // The instance's database, counting the queries on the tenants collection (the domain lookups).
    let lookups = 0;
    const db = new Proxy(env.deps.db, {
      get(target, prop, receiver) {
        if (prop === 'collection') return (path: string) => (path === 'tenants' && lookups++, target.collection(path));
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const hooks = instance(db);
    await sendForged(hooks, 'nobody-here.example', 1, 40);
    await sendForged(hooks, 'acme.example', 1, 40);
    expect(lookups).toBe(2);
    // Random domains: at most LOOKUPS_PER_MINUTE looked up (2 already spent this minute), then only logged.
    for (let i = 0; i < LOOKUPS_PER_MINUTE + 10; i++) expect((await forged(hooks, `random${i}.example`, 0)).status).toBe(401);
    expect(lookups).toBe(LOOKUPS_PER_MINUTE);
    await env.deps.tasks.drain();
  });

  it('leaves initech untouched', async () => {
    expect(await forgedAlerts(initechAdminToken)).toEqual([]);
    expect(await count(env.deps.db.collection('tenants/initech/alerts'))).toBe(0);
    expect(await count(env.deps.db.collection('tenants/initech/outbox'))).toBe(0);
    expect((await env.deps.db.doc('tenants/initech').get()).get('status')).toBe('active');
    expect(mailsAbout().flatMap((m) => m.to)).not.toContain(DEMO.initechAdmin);
  });

  it('still accepts a validly signed uninstall after refusals naming the same domain', async () => {
    const domain = `gone${Math.random().toString(36).slice(2, 8)}.example`;
    const owner = await env.account({ domain });
    const created = await env.http.post('/api/onboarding').set(bearer(owner.token)).send({ companyName: 'Gone Corp', domain });
    expect(created.status).toBe(201);
    const tenantId = created.body.tenantId as string;
    await env.deps.db.doc(`tenants/${tenantId}`).update({ verifiedDomains: [domain] });
    const hooks = instance();
    await sendForged(hooks, domain, 1, FORGED_UNINSTALL.count);
    expect(await count(env.deps.db.collection(`tenants/${tenantId}/alerts`))).toBe(1);

    const raw = JSON.stringify({ event: 'app.uninstalled', domain });
    const ts = nowSeconds();
    const res = await hooks.post('/hooks/uninstall').set('Content-Type', 'application/json').set('X-Herald-Timestamp', String(ts)).set('X-Herald-Signature', signWebhook(env.deps.config.webhookSecret, ts, raw)).send(raw);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'deleting', deletionId: `${tenantId}-tenant` });
    await env.deps.tasks.drain();
    expect((await env.deps.db.doc(`tenants/${tenantId}`).get()).exists).toBe(false);
  });
});
