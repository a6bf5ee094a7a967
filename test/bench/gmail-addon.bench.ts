/**
 * Gmail add-on bench (`npm run bench -- gmail-addon`): what one "Insert the banner" costs.
 * Prints {"gmailAddon": {...}} as its last line:
 * - verifyUsPerRequest: CPU time of verifying a request's two Google ID tokens (RS256, certificates
 *   cached by google-auth-library after the first fetch);
 * - certFetches: how often the verifier fetched Google's certificates over the whole run (max-age);
 * - insert: sequential insert requests through the express app over the in-memory Firestore (3 ms
 *   simulated latency per RPC): latency p50/p95 and document reads/writes per insertion, for a
 *   draft with one external recipient (recipient link) and with two (employee link);
 * - cardReadsPerRequest: document reads of the compose card.
 * Firestore reads and writes are the figures that carry over to production; the latencies here are
 * bounded below by the simulated RPC latency, not by the add-on's code.
 */
import supertest from 'supertest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readConfig } from '../../functions/src/core/config.js';
import { createGmailAddonApp } from '../../functions/src/gmail-addon/gmail-addon-app.js';
import { GoogleTokenVerifier } from '../../functions/src/gmail-addon/verify-google-tokens.js';
import { loadState, type StateFile } from '../../functions/src/local/firestore-state.js';
import { createLocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { startGoogleIdTokenIssuer } from '../fakes/google-id-tokens.js';

const ROUNDS = Number(process.env.BENCH_ADDON_ROUNDS ?? 200);
const SERVICE_ACCOUNT = 'service-1@gcp-sa-gsuiteaddons.iam.gserviceaccount.com';
const CLIENT_ID = 'bench-addon.apps.googleusercontent.com';
const log = (msg: string) => process.stderr.write(`gmail-addon bench: ${msg}\n`);

const issuer = await startGoogleIdTokenIssuer();
const config = readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald', GOOGLE_CERTS_URL: issuer.certsUrl, GMAIL_ADDON_SERVICE_ACCOUNT: SERVICE_ACCOUNT, GMAIL_ADDON_CLIENT_ID: CLIENT_ID });
const deps = createLocalDeps({ config, log: memoryLogger(), taskTimeScale: 0 });
try {
  const seed = JSON.parse(readFileSync(path.resolve('emulator-data/firestore-seed.json'), 'utf8')) as StateFile;
  await loadState(deps.db, seed, { origin: config.linkBaseUrl });
  await deps.db.doc('tenants/acme').update({ verifiedDomains: ['acme.example'], googleCustomerId: 'C0bench', 'settings.recipientTracking': { enabled: true, retentionDays: 30 } });

  const verifier = new GoogleTokenVerifier(config);
  // One listening server for the whole run (supertest on a bare app would open one per request).
  const server = createGmailAddonApp(deps, verifier).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const app = supertest(server);
  const system = issuer.sign({ aud: config.gmailAddon.url, email: SERVICE_ACCOUNT, email_verified: true });
  const user = issuer.sign({ aud: CLIENT_ID, email: 'jane.doe@acme.example', email_verified: true, hd: 'acme.example' });
  const event = (insert: boolean, to: string[]) => ({
    commonEventObject: { hostApp: 'GMAIL', ...(insert ? { parameters: { action: 'insert' } } : {}) },
    authorizationEventObject: { userIdToken: user },
    gmail: { toRecipients: to },
  });
  const post = async (body: object) => {
    const res = await app.post('/').set('Authorization', `Bearer ${system}`).send(body);
    if (res.status !== 200) throw new Error(`add-on answered ${res.status}`);
  };

  // Warm-up: the certificate fetch, the link codes' first allocation, JIT.
  for (let i = 0; i < 20; i++) await post(event(true, [`warm${i}@outside.example`]));

  const cpu0 = process.cpuUsage();
  const verifications = 2000;
  for (let i = 0; i < verifications; i++) {
    await verifier.verifyRequest(`Bearer ${system}`);
    await verifier.verifyUser(user);
  }
  const cpu = process.cpuUsage(cpu0);
  const verifyUsPerRequest = Math.round((cpu.user + cpu.system) / verifications);
  log(`token verification: ${verifyUsPerRequest} µs CPU per request`);

  const measure = async (label: string, body: () => object) => {
    const latencies: number[] = [];
    const before = deps.memory!.database.stats();
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      await post(body());
      latencies.push(performance.now() - t0);
    }
    const after = deps.memory!.database.stats();
    latencies.sort((a, b) => a - b);
    const figures = {
      p50Ms: Number(latencies[Math.floor(ROUNDS * 0.5)]!.toFixed(1)),
      p95Ms: Number(latencies[Math.floor(ROUNDS * 0.95)]!.toFixed(1)),
      readsPerRequest: Number(((after.reads - before.reads) / ROUNDS).toFixed(2)),
      writesPerRequest: Number(((after.writes - before.writes) / ROUNDS).toFixed(2)),
    };
    log(`${label}: ${JSON.stringify(figures)}`);
    return figures;
  };
  let n = 0;
  const recipientLink = await measure('insert, one recipient', () => event(true, [`r${n++}@outside.example`]));
  const employeeLink = await measure('insert, two recipients', () => event(true, ['a@outside.example', 'b@outside.example']));
  const card = await measure('compose card', () => event(false, []));
  process.stdout.write(
    JSON.stringify({
      gmailAddon: { verifyUsPerRequest, certFetches: issuer.certRequests(), insertRecipientLink: recipientLink, insertEmployeeLink: employeeLink, cardReadsPerRequest: card.readsPerRequest, rounds: ROUNDS },
    }) + '\n',
  );
  server.close();
} finally {
  await deps.close();
  await issuer.close();
}
