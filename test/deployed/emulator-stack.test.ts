import { gunzipSync } from 'node:zlib';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_DEFAULTS } from '../../functions/src/core/config.js';
import { startEmulatorStack, type EmulatorStack } from '../../functions/src/local/emulator-stack.js';
import { scheduledFunctionId } from '../../functions/src/local/cloud-scheduler-stand-in.js';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../../functions/src/privacy/verify-webhook.js';

/**
 * A smoke test of Herald as deployed: every request goes through the Hosting emulator's rewrites
 * to the real functions (built from functions/src/index.ts), background jobs through the Cloud
 * Tasks emulator, data in the official Firestore emulator, export files in the Storage emulator,
 * scheduled functions loaded through the Pub/Sub emulator and called as Cloud Scheduler calls them.
 */
let stack: EmulatorStack;
let admin: string;
let initechAdmin: string;
let db: Firestore;
const dbApp = initializeApp({ projectId: 'demo-herald' }, `deployed-${process.pid}`);
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36';

beforeAll(async () => {
  stack = await startEmulatorStack({ freePorts: true, quiet: true });
  admin = await signIn('admin@acme.example');
  initechAdmin = await signIn('admin@initech.example');
  db = getFirestore(dbApp);
  db.settings({ host: stack.firestoreHost, ssl: false });
});
afterAll(async () => {
  await db?.terminate();
  await deleteApp(dbApp);
  await stack?.stop();
});

async function signIn(email: string): Promise<string> {
  const res = await fetch(`http://${stack.authHost}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'herald-demo', returnSecureToken: true }),
  });
  return ((await res.json()) as { idToken: string }).idToken;
}

/** Polls until `check` is true (work the Cloud Tasks emulator dispatches lands seconds later, minutes on a busy machine). */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`not within 240 s: ${what}`);
}

/**
 * Starts a function's worker with a request it answers without acting: the Hosting emulator's proxy
 * answers 504 after 60 s (firebase-tools lib/hosting/proxy.js), and a cold start on a loaded 2-core
 * machine can take longer, which would hide the function's own answer.
 */
async function warm(path: string): Promise<void> {
  for (let i = 0; i < 5; i++) if ((await fetch(`${stack.hostingUrl}${path}`)).status !== 504) return;
  throw new Error(`${path}: the function did not start`);
}

/** The new tests wait on cold starts and tasks: minutes on a loaded machine. */
const SLOW = 360_000;

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${stack.hostingUrl}/api${path}`, { ...init, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', ...init.headers } });

async function waitForJob(jobId: string): Promise<{ status: string }> {
  for (let i = 0; i < 180; i++) {
    const job = (await (await api(`/jobs/${jobId}`)).json()) as { status: string };
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`job ${jobId} did not finish`);
}

describe('Herald as deployed (firebase-tools emulators + the official Firestore emulator)', () => {
  it('serves the SPA and signs the demo admin in: /api/me through the Hosting rewrite', async () => {
    const page = await fetch(`${stack.hostingUrl}/some/deep/link`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id');
    const me = await api('/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: 'admin@acme.example', tenantId: 'acme', role: 'admin', region: 'eu' });
  });

  it('redirects a click on /c/… and a view on /v/… through the links function, and records them', async () => {
    const links = (await (await api('/campaigns/spring-launch/links', { method: 'POST', body: JSON.stringify({ userId: 'u649905b987a36b6' }) })).json()) as { clickUrl: string; viewUrl: string };
    expect(links.clickUrl.startsWith(`${stack.hostingUrl}/c/`)).toBe(true);
    const click = await fetch(links.clickUrl, { redirect: 'manual', headers: { 'user-agent': BROWSER } });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://www.acme.example/spring');
    const view = await fetch(links.viewUrl, { redirect: 'manual', headers: { 'user-agent': BROWSER } });
    expect(view.status).toBe(302);
    // The hits went through the hit queue (the Pub/Sub emulator): the drain folds them into the shards.
    await stack.runSchedule('hitsDrain');
    // Read from the counter shards themselves: the report endpoint's multi-field sum reads zero on real
    // Firestore (issue 10, bug 1, fixed on another branch); assert the report here once that is merged.
    const app = initializeApp({ projectId: 'demo-herald' }, `smoke-${Date.now()}`);
    try {
      const db = getFirestore(app);
      db.settings({ host: stack.firestoreHost, ssl: false });
      const shards = await db.collection('tenants/acme/campaigns/spring-launch/counters').get();
      const sum = (field: string) => shards.docs.reduce((n, d) => n + ((d.get(field) as number | undefined) ?? 0), 0);
      expect(sum('clicks')).toBeGreaterThanOrEqual(1);
      expect(sum('views')).toBeGreaterThanOrEqual(1);
      await db.terminate();
    } finally {
      await deleteApp(app);
    }
  });

  it('runs a job dispatched by the Cloud Tasks emulator: a whole-tenant export, downloadable from Storage', async () => {
    const start = await api('/privacy/exports', { method: 'POST', body: '{}' });
    expect(start.status).toBe(202);
    const { jobId } = (await start.json()) as { jobId: string };
    expect(await waitForJob(jobId)).toMatchObject({ status: 'done' });
    const manifest = (await (await api(`/privacy/exports/${jobId}`)).json()) as { files: { name: string; download: string; documents: number }[] };
    const users = manifest.files.find((f) => f.name === 'users-00001.ndjson.gz')!;
    const file = await fetch(`${stack.hostingUrl}${users.download}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(file.status).toBe(200);
    expect(gunzipSync(Buffer.from(await file.arrayBuffer())).toString('utf8').trim().split('\n')).toHaveLength(users.documents);
  }, SLOW);
});

describe('scheduled work, CSV import and the uninstall webhook, as deployed', () => {
  it('loads the scheduled functions through the Pub/Sub emulator and runs the daily retention as Cloud Scheduler calls it', async () => {
    // The Functions emulator created the schedule's topic in the Pub/Sub emulator when it loaded the function.
    const topics = (await (await fetch(`http://${stack.pubsubHost}/v1/projects/demo-herald/topics`)).json()) as { topics?: { name: string }[] };
    expect(topics.topics?.map((t) => t.name)).toContain(`projects/demo-herald/topics/firebase-schedule-${scheduledFunctionId('retentionDaily')}`);

    const day = 86_400_000;
    const now = Date.now();
    const audit = db.collection('tenants/acme/audit');
    await audit.doc('deployed-expired').set({ action: 'deployed.test', at: new Date(now - 2 * day), expireAt: new Date(now - day) });
    await audit.doc('deployed-current').set({ action: 'deployed.test', at: new Date(now), expireAt: new Date(now + 30 * day) });
    await db.doc('webhookNonces/deployed-expired').set({ receivedAt: new Date(now - 2 * day), expireAt: new Date(now - day) });
    await db.doc('webhookNonces/deployed-current').set({ receivedAt: new Date(now), expireAt: new Date(now + day) });

    await stack.runSchedule('retentionDaily');

    // Collections outside any tenant are swept by the schedule itself, before it answers.
    expect((await db.doc('webhookNonces/deployed-expired').get()).exists).toBe(false);
    expect((await db.doc('webhookNonces/deployed-current').get()).exists).toBe(true);
    // Each tenant's sweep is a task it enqueued, dispatched by the Cloud Tasks emulator.
    await eventually('the expired audit entry is swept', async () => !(await audit.doc('deployed-expired').get()).exists);
    expect((await audit.doc('deployed-current').get()).exists).toBe(true);
  }, SLOW);

  it('imports a directory CSV through the Hosting rewrite of /api: a bad row is named and nothing is written, a good file is applied', async () => {
    const importCsv = (csv: string) =>
      fetch(`${stack.hostingUrl}/api/directory/import`, { method: 'POST', headers: { authorization: `Bearer ${initechAdmin}`, 'content-type': 'text/csv' }, body: csv });
    const users = db.collection('tenants/initech/users');
    const header = 'email,firstName,lastName\n';

    const bad = await importCsv(header + 'ada.quill@initech.example,Ada,Quill\nnot-an-address,Bo,Quarry\n');
    expect(bad.status).toBe(200);
    const refused = (await bad.json()) as { applied: boolean; errors: { row: number; field: string }[] };
    expect(refused.applied).toBe(false);
    expect(refused.errors).toEqual([expect.objectContaining({ row: 3, field: 'email' })]);
    expect((await users.where('email', '==', 'ada.quill@initech.example').get()).empty).toBe(true);

    const good = await importCsv(header + 'ada.quill@initech.example,Ada,Quill\n');
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ applied: true, created: 1, errors: [] });
    const stored = await users.where('email', '==', 'ada.quill@initech.example').get();
    expect(stored.docs.map((d) => [d.get('firstName'), d.get('lastName'), d.get('source')])).toEqual([['Ada', 'Quill', 'csv']]);
  }, SLOW);

  it('acts on a signed uninstall webhook through the Hosting rewrite of /hooks, and refuses a forged or replayed one', async () => {
    // A tenant of its own, so the others' tests keep theirs.
    const tenant = db.doc('tenants/umbrella');
    await tenant.set({
      name: 'Umbrella',
      region: 'eu',
      status: 'active',
      domains: ['umbrella.example'],
      verifiedDomains: ['umbrella.example'],
      googleCustomerId: null,
      entraTenantId: null,
      directorySource: 'csv',
      settings: { auditRetentionDays: 180, fallbackUrl: 'https://www.umbrella.example/', recipientTracking: { enabled: false, retentionDays: 90 } },
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await tenant.collection('users').doc('u-umbrella-1').set({ email: 'cole.rivet@umbrella.example', firstName: 'Cole', lastName: 'Rivet', source: 'csv' });

    const body = JSON.stringify({ event: 'app.uninstalled', domain: 'umbrella.example' });
    const send = (secret: string, timestamp = Math.floor(Date.now() / 1000)) => {
      const signature = signWebhook(secret, timestamp, body);
      return fetch(`${stack.hostingUrl}/hooks/uninstall`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signature },
        body,
      });
    };

    await warm('/hooks/none');
    const forged = await send('not-the-webhook-secret');
    expect(forged.status).toBe(401);
    expect((await tenant.get()).get('status')).toBe('active');

    const timestamp = Math.floor(Date.now() / 1000);
    const signed = await send(DEV_DEFAULTS.UNINSTALL_WEBHOOK_SECRET, timestamp);
    expect(signed.status).toBe(202);
    const { status, deletionId } = (await signed.json()) as { status: string; deletionId: string };
    expect(status).toBe('deleting');

    const replayed = await send(DEV_DEFAULTS.UNINSTALL_WEBHOOK_SECRET, timestamp);
    expect(replayed.status).toBe(409);

    // The purge runs as a task: the tenant's documents go, the certificate outside it stays.
    await eventually('the uninstalled tenant is deleted', async () => (await db.doc(`deletions/${deletionId}`).get()).get('status') === 'done');
    expect((await tenant.get()).exists).toBe(false);
    expect((await tenant.collection('users').get()).empty).toBe(true);
    // The other tenants are untouched.
    expect((await db.doc('tenants/initech').get()).get('status')).toBe('active');
  }, SLOW);
});
