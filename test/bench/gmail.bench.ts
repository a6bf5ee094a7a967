/**
 * Gmail deployments at the project quota (npm run bench -- gmail). The real deployment job (real
 * googleapis client, one service-account token per impersonated user) pushes signatures to the
 * local Gmail fake, which enforces a project quota (GMAIL_BENCH_QUOTA calls/s, default 100; the job
 * is told the same quota, as config.gmailQuotaPerSec, and scales its rate steps to it). Not Gmail's
 * ≈ 200/s scaled up: each push costs this process ~4-5 ms of CPU (an RS256-signed token request per
 * impersonated user, ~2.3 ms of it, then the googleapis call and the fake's answer), so one process
 * cannot push much beyond ~200/s and a bigger quota would measure the CPU, not the limiter.
 *
 * - one tenant deploys GMAIL_BENCH_USERS users (20k) alone: `quotaUse` = calls Gmail accepted per
 *   second between the deployment's first and last call ÷ the quota;
 * - then two tenants with half as many users each start together: `fairShareMin` = the smaller
 *   tenant's share of the calls accepted while both were deploying (0.5 is perfectly fair),
 *   `twoTenantQuotaUse` the quota used meanwhile;
 * - `refusedShare`: 429s ÷ all calls, over both runs.
 * Database: the local host's in-memory Firestore (reads of users and deployment hashes, one write
 * per user). Last stdout line: {"gmail": {...}}.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readConfig } from '../../functions/src/core/config.js';
import { getJob, startJob } from '../../functions/src/jobs/job-store.js';
import { createLocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { FakeGmail, type GmailCall } from '../fakes/fake-gmail.js';

const USERS = Number(process.env.GMAIL_BENCH_USERS ?? 20_000);
const QUOTA = Number(process.env.GMAIL_BENCH_QUOTA ?? 100);
const log = (m: string) => process.stderr.write(`gmail bench: ${m}\n`);

const seed = JSON.parse(readFileSync(path.resolve('emulator-data/firestore-seed.json'), 'utf8')) as { docs: Record<string, Record<string, unknown>> };
const gmail = await new FakeGmail({ quota: { perSecond: QUOTA, burst: QUOTA / 4 } }).start();
// Only counts matter here: 20k signatures kept as strings would be the bench's own memory.
const logger = memoryLogger();
const deps = createLocalDeps({
  config: readConfig({ ...process.env, ...gmail.env(), GCLOUD_PROJECT: 'demo-herald', GMAIL_QUOTA_PER_SECOND: String(QUOTA) }),
  log: logger,
  taskTimeScale: 0,
});

/** A Google Workspace tenant with Acme's template assigned to everyone and `users` fictitious employees. */
async function tenantWith(tenantId: string, users: number): Promise<void> {
  const now = new Date();
  const template = seed.docs['tenants/acme/templates/acme-standard']!;
  await deps.db.doc(`tenants/${tenantId}`).set({
    name: tenantId,
    region: 'eu',
    status: 'active',
    domains: [`${tenantId}.example`],
    // Proven owned (trust/verified-domains.ts): Herald pushes signatures to these mailboxes only.
    verifiedDomains: [`${tenantId}.example`],
    directorySource: 'google',
    settings: { auditRetentionDays: 365, fallbackUrl: null, gmailSignatures: true, recipientTracking: { enabled: false, retentionDays: 90 } },
    createdAt: now,
  });
  await deps.db.doc(`tenants/${tenantId}/templates/standard`).set({ name: 'Standard', html: template.html, createdAt: now, updatedAt: now });
  await deps.db.doc(`tenants/${tenantId}/signatureAssignments/everyone`).set({ templateId: 'standard', target: 'everyone', group: null, userId: null, priority: 50, createdAt: now, updatedAt: now });
  const writer = deps.db.bulkWriter();
  for (let i = 0; i < users; i++) {
    void writer.set(deps.db.doc(`tenants/${tenantId}/users/u${String(i).padStart(6, '0')}`), {
      email: `employee${i}@${tenantId}.example`,
      firstName: 'Employee',
      lastName: `Number ${i}`,
      title: i % 3 ? 'Engineer' : 'Account Executive',
      workPhone: '+33 1 55 00 00 10',
      mobilePhone: '',
      addresses: ["1 Rue de l'Exemple, 75000 Paris, France"],
      groups: ['Sales'],
      source: 'google',
      overrides: {},
      externalId: `1000000${i}`,
      createdAt: now,
      updatedAt: now,
    });
  }
  await writer.close();
}

async function deploy(tenantIds: string[]): Promise<void> {
  const jobs = await Promise.all(tenantIds.map((tenantId) => startJob(deps, { tenantId, kind: 'signatures.deploy', createdBy: 'bench', payload: { scope: { kind: 'all' }, force: true } }).then((jobId) => ({ tenantId, jobId }))));
  await deps.tasks.drain();
  for (const { tenantId, jobId } of jobs) {
    const job = await getJob(deps, tenantId, jobId);
    if (job.status !== 'done') throw new Error(`deployment of ${tenantId} ended ${job.status}: ${job.error?.message} ${JSON.stringify(logger.entries.filter((e) => e.level !== 'info').slice(0, 3))}`);
    if (job.counts.pushed !== job.progress.total) throw new Error(`deployment of ${tenantId}: ${JSON.stringify(job.counts)}`);
  }
}

const tenantOf = (c: GmailCall) => c.sendAsEmail.split('@')[1]!.replace(/\.example$/, '');
const accepted = (calls: GmailCall[], from: number, to: number, tenant?: string) => calls.filter((c) => c.status === 200 && c.at >= from && c.at <= to && (!tenant || tenantOf(c) === tenant)).length;
const span = (calls: GmailCall[], tenant?: string) => {
  const mine = calls.filter((c) => !tenant || tenantOf(c) === tenant);
  return { first: mine[0]!.at, last: mine[mine.length - 1]!.at };
};
const r3 = (x: number) => Math.round(x * 1000) / 1000;

log(`${USERS} users, quota ${QUOTA}/s: setting up`);
await tenantWith('solo', USERS);
await tenantWith('alpha', USERS / 2);
await tenantWith('beta', USERS / 2);

log('one tenant alone');
let t0 = performance.now();
await deploy(['solo']);
const soloSeconds = (performance.now() - t0) / 1000;
const solo = gmail.calls.splice(0);
const soloSpan = span(solo);
const soloUse = accepted(solo, soloSpan.first, soloSpan.last) / ((QUOTA * (soloSpan.last - soloSpan.first)) / 1000);

log('two tenants at once');
t0 = performance.now();
await deploy(['alpha', 'beta']);
const twoSeconds = (performance.now() - t0) / 1000;
const two = gmail.calls.splice(0);
const a = span(two, 'alpha');
const b = span(two, 'beta');
const both = { from: Math.max(a.first, b.first), to: Math.min(a.last, b.last) };
const inBoth = accepted(two, both.from, both.to);
const shares = ['alpha', 'beta'].map((t) => accepted(two, both.from, both.to, t) / Math.max(1, inBoth));
const twoSpan = span(two);
const twoUse = accepted(two, twoSpan.first, twoSpan.last) / ((QUOTA * (twoSpan.last - twoSpan.first)) / 1000);

const all = [...solo, ...two];
const refused = all.filter((c) => c.status === 429).length;
await gmail.stop();
await deps.close();
const figures = {
  users: USERS,
  quotaPerSec: QUOTA,
  quotaUse: r3(soloUse),
  refusedShare: Math.round((refused / all.length) * 10_000) / 10_000,
  fairShareMin: r3(Math.min(...shares)),
  twoTenantQuotaUse: r3(twoUse),
  bothDeployingSeconds: Math.round((both.to - both.from) / 100) / 10,
  calls: all.length,
  refused,
  soloSeconds: Math.round(soloSeconds * 10) / 10,
  twoTenantSeconds: Math.round(twoSeconds * 10) / 10,
};
log(JSON.stringify(figures));
process.stdout.write(JSON.stringify({ gmail: figures }) + '\n');
process.exit(0);
