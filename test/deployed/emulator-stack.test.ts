import { gunzipSync } from 'node:zlib';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorStack, type EmulatorStack } from '../../functions/src/local/emulator-stack.js';

/**
 * A smoke test of Herald as deployed: every request goes through the Hosting emulator's rewrites
 * to the real functions (built from functions/src/index.ts), background jobs through the Cloud
 * Tasks emulator, data in the official Firestore emulator, export files in the Storage emulator.
 */
let stack: EmulatorStack;
let admin: string;
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36';

beforeAll(async () => {
  stack = await startEmulatorStack({ freePorts: true, quiet: true });
  const res = await fetch(`http://${stack.authHost}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@acme.example', password: 'herald-demo', returnSecureToken: true }),
  });
  admin = ((await res.json()) as { idToken: string }).idToken;
});
afterAll(async () => {
  await stack?.stop();
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${stack.hostingUrl}/api${path}`, { ...init, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', ...init.headers } });

async function waitForJob(jobId: string): Promise<{ status: string }> {
  for (let i = 0; i < 60; i++) {
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
  });
});
