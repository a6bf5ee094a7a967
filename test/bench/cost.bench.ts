/**
 * The cost of a customer (npm run bench -- cost): one month of the modelled tenant (cost-model.ts)
 * played in slices against the real code on the official Firestore emulator, its billed operations
 * counted at the Firestore client's seam (billed-ops.ts), its CPU measured in this process, priced
 * at the list prices of cloud-prices.ts. For each tenant size (COST_BENCH_SIZES, default 1000 and
 * 10000: a 100,000-employee month does not fit a bench run on the emulator, below), in a database of
 * its own:
 *
 * - setup, not priced: the tenant (Google Workspace, Gmail signatures on), the demo's template,
 *   banner campaign and assignment, an admin; the first sync and first signature deployment
 *   (reported apart, as `onboarding`). Above COST_BENCH_PLAYED_ONBOARDING_MAX (10,000) employees the
 *   first deployment is seeded (seed-first-deployment.ts): the first sync then runs with Gmail
 *   signatures off (on, it pushes everyone's signature itself: the deployment being seeded) and they
 *   are turned on before the seeding. Each setup step logs its wall time and the CPU of this process
 *   and of the database's. At 100,000 employees the setup ends (~20 min here) but the month does not
 *   fit a bench run: the emulator builds each query's index entries from every document of the
 *   database (FirestoreEmulatorQueryExecutor.materializeIndexTable), so every query costs in
 *   proportion to the tenant (docs/performance.md, "The cost of a customer"). No history is seeded
 *   (the demo's generator builds every hit: ~9 a day per employee for 60 days); reports read the
 *   days played;
 * - `daily jobs`: a day of schedules (retention, search keys, directory sync after the day's churn at
 *   Google, signature deployment), twice: the first day counted, the second timed; × 30;
 * - `monthly jobs`: the access review, once; × 1;
 * - `views and clicks`: hits on the links app (real HTTP, real tokens) at the tenant's modelled rate,
 *   or, where the gap between hits is wider than 100 ms, evenly at 10/s (a hit then commits alone
 *   either way, as at the real rate); one pass counted, one timed; × the month's views and clicks;
 * - `report views`: GET /api/reports/campaigns/:id as the admin; × reportViewsPerMonth;
 * - `signature changes`: PATCH /api/templates/:id, and the deployment it starts; × signatureChangesPerMonth;
 * - `tenant exports`: POST /api/privacy/exports and its job; `user exports`: GET /api/privacy/export/users/:id;
 * - `stored data`: the tenant's documents and index entries at the end (stored-size.ts), for a month.
 *
 * CPU is measured without the counting hook (it formats every request), as process.cpuUsage() of
 * this process, where Herald's code runs; Google's fakes run in another process, the emulator in
 * Java; the load generator's own CPU is measured against a bare 302 server and taken off. Billed
 * instance time = CPU ÷ the instance's vCPU ÷ UTILISATION (instances are not kept busy all the time:
 * 0.6 is Cloud Run's autoscaling target); tasks' wall time is reported beside it.
 * Other options: COST_BENCH_LINES (only the lines named), COST_BENCH_SKIP_SCHEDULES (daily schedules
 * left out), COST_BENCH_HITS (hits a pass).
 * Figures: `usdPer1000EmployeesMonth` (goal ≤ 0.25) with `breakdown1k` (USD a month per 1,000
 * employees, by line), the per-1,000 ratio of the largest size to the smallest, named for them
 * (`per1000Ratio10kTo1k` by default, `per1000Ratio100kTo1k` with COST_BENCH_SIZES=1000,100000; goal
 * ≤ 1.0) and `lineRatios`. Last stdout line: {"cost": {...}}.
 */
import { FieldValue } from 'firebase-admin/firestore';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createApiApp } from '../../functions/src/api/api-app.js';
import { readConfig } from '../../functions/src/core/config.js';
import { createLinksApp, createLinksRuntime } from '../../functions/src/links/links-app.js';
import { LINKS_INSTANCE } from '../../functions/src/links/links-instance.js';
import { startFirestoreEmulator } from '../../functions/src/local/firestore-emulator.js';
import { startPubsubEmulator } from '../../functions/src/local/pubsub-emulator.js';
import { drainHits } from '../../functions/src/tracking/drain-hits.js';
import { HIT_DRAIN_EVERY_MINUTES } from '../../functions/src/core/counter-shape.js';

/** The project's drains a month (30 days), whatever its tenants do. */
const DRAINS_PER_MONTH = (30 * 24 * 60) / HIT_DRAIN_EVERY_MINUTES;
import { HitQueue } from '../../functions/src/tracking/hit-queue.js';
import { createLocalDeps, type LocalDeps } from '../../functions/src/local/local-deps.js';
import { loadState } from '../../functions/src/local/firestore-state.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { TASK_INSTANCE, memoryMiB } from '../../functions/src/tasks/task-instance.js';
import { schedules, type ScheduleName } from '../../functions/src/tasks/schedules.js';
import { mintBannerLinks } from '../../functions/src/tracking/mint-links.js';
import { startAuthLookupFake } from '../fakes/auth-lookup-fake.js';
import { createSyncTenant } from '../support/directory-helpers.js';
import { addOps, countBilledOps, noOps, type BilledOps } from './billed-ops.js';
import { PRICES, firestoreCost, pubsubCost, runCost, vcpuForMemory } from './cloud-prices.js';
import { MODEL, monthlyEvents } from './cost-model.js';
import { seedFirstDeployment } from './seed-first-deployment.js';
import { cpuSecondsOf } from './process-cpu.js';
import { storedSize } from './stored-size.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SIZES = (process.env.COST_BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const HITS = Number(process.env.COST_BENCH_HITS ?? 400);
/** Above this many employees the first deployment is seeded, not played (seed-first-deployment.ts). */
const PLAYED_ONBOARDING_MAX = Number(process.env.COST_BENCH_PLAYED_ONBOARDING_MAX ?? 10_000);
/** The lines to play (default all), e.g. COST_BENCH_LINES="daily jobs" when a full run cannot finish. */
const LINES = process.env.COST_BENCH_LINES ? new Set(process.env.COST_BENCH_LINES.split(',').map((l) => l.trim())) : null;
const plays = (line: string) => !LINES || LINES.has(line);
/** Daily schedules left out (e.g. COST_BENCH_SKIP_SCHEDULES=signatureDriftDaily: 100,000 impersonations a pass); the figures then lack them. */
const SKIPPED = new Set((process.env.COST_BENCH_SKIP_SCHEDULES ?? '').split(',').filter(Boolean));
const UTILISATION = 0.6;
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const DAY_MS = 86_400_000;
const log = (m: string) => process.stderr.write(`cost bench: ${m}\n`);

/** Instance sizes as index.ts deploys them: api 512 MiB, links LINKS_INSTANCE, task functions TASK_INSTANCE. */
const INSTANCES = {
  api: { mib: 512, vcpu: vcpuForMemory(512) },
  links: { mib: memoryMiB(LINKS_INSTANCE.memory), vcpu: LINKS_INSTANCE.cpu },
  tasks: { mib: memoryMiB(TASK_INSTANCE.memory), vcpu: vcpuForMemory(memoryMiB(TASK_INSTANCE.memory)) },
  /** Scheduled functions (the hit queue's drain): index.ts sets no memory, so the default 256 MiB. */
  scheduled: { mib: 256, vcpu: vcpuForMemory(256) },
} as const;
type Instance = keyof typeof INSTANCES;

/** What one occurrence of a line costs, measured. */
interface Slice {
  ops: BilledOps;
  cpuSeconds: number;
  instance: Instance;
  requests: number;
  taskDeliveries: number;
  taskEnqueues: number;
  taskWallSeconds: number;
  /** CPU spent inside task deliveries (part of cpuSeconds). */
  taskCpuSeconds: number;
  /** The hit queue's drains run in the pass (views and clicks): runs, CPU (part of cpuSeconds), wall time. */
  drain?: { runs: number; cpuSeconds: number; wallSeconds: number; marginalWallSeconds: number };
  /** Pub/Sub throughput billed in the counted pass (each request at least 1,000 bytes). */
  pubsubBytes?: number;
}

interface Line {
  perMonth: number;
  slice: Slice;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const listen = async (server: Server) => {
  // Hits come up to seconds apart: sockets must outlive the gaps (Node closes idle ones after 5 s,
  // and a request racing that close fails with ECONNRESET).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
};

/** Sends `paths` to `port`, one every `gapMs` (fixed) or at Poisson arrivals of mean `gapMs`; waits for all answers. */
async function playHits(port: number, paths: string[], gapMs: number, poisson: boolean, agent: Agent): Promise<number[]> {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) + 0.5) / 2 ** 31;
  const statuses: Promise<number>[] = [];
  let due = performance.now();
  for (const p of paths) {
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const answered = new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: p, agent, headers: { 'user-agent': CHROME, accept: 'image/*' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
      });
    // Awaited together below; until then a failure must not be an unhandled rejection.
    answered.catch(() => {});
    statuses.push(answered);
    due += poisson ? -Math.log(rand()) * gapMs : gapMs;
  }
  return Promise.all(statuses);
}

/** The database a size is played on (the official emulator) and its process, whose CPU each setup step reports. */
interface Database {
  host: string;
  pid: number;
}

async function playTenant(employees: number, database: Database, pubsubHost: string): Promise<{ lines: Record<string, Line>; onboarding: BilledOps; seeded: boolean; stored: Awaited<ReturnType<typeof storedSize>>; gmailCalls: number; emptyDrainMs: number }> {
  // Of one length at every size (cost0001000, cost0010000): the id is in every document's name, so
  // a longer one would bill the larger tenant more bytes per employee for nothing it stores.
  const tenantId = `cost${String(employees).padStart(7, '0')}`;
  const domain = `${tenantId}.example`;
  const events = monthlyEvents(employees);
  const fakes = fork(fileURLToPath(new URL('./google-fakes-process.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ask = async <T>(m: unknown): Promise<T> => {
    fakes.send(m as object);
    return (await once(fakes, 'message'))[0] as T;
  };
  const { env: fakeEnv } = await ask<{ env: Record<string, string> }>({ users: employees, domain });
  const admin = { uid: `admin-${tenantId}`, email: `admin@${domain}`, claims: { tid: tenantId, role: 'admin' } };
  const auth = await startAuthLookupFake('demo-herald', [admin]);
  process.env.FIREBASE_AUTH_EMULATOR_HOST = auth.host;
  // The bench's clock: day 0 starts at midnight UTC, and each schedule runs at its own time of day
  // (tasks/schedules.ts), so a day's jobs are as far apart as deployed (the sync an hour before the
  // deployment): the deployment's look at "users written since the last pass" depends on it.
  const day0 = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  let dayOffset = 0;
  let clock = { timeOfDay: 0, setAt: performance.now() };
  const timeOfDay = () => clock.timeOfDay + (performance.now() - clock.setAt);
  const nextDay = () => {
    dayOffset++;
    clock = { timeOfDay: 0, setAt: performance.now() };
  };
  const deps: LocalDeps = createLocalDeps({
    config: readConfig({ ...process.env, ...fakeEnv, GCLOUD_PROJECT: 'demo-herald' }),
    firestoreEmulatorHost: database.host,
    databaseId: `cost-${employees}-${Date.now().toString(36)}`,
    log: memoryLogger(),
    taskTimeScale: 0,
    now: () => new Date(day0 + dayOffset * DAY_MS + timeOfDay()),
  });
  // Tasks: enqueues (a Cloud Tasks API call each), deliveries (a push attempt and a function invocation each), their wall time.
  const taskStats = { enqueues: 0, deliveries: 0, wallMs: 0, cpuSeconds: 0 };
  const enqueue = deps.tasks.enqueue.bind(deps.tasks);
  deps.tasks.enqueue = async (name, payload, options) => {
    taskStats.enqueues++;
    return enqueue(name, payload, options);
  };
  const runner = deps.tasks.runner!;
  deps.tasks.runner = async (name, payload, attempt) => {
    taskStats.deliveries++;
    const t = performance.now();
    const c = cpuNow();
    try {
      return await runner(name, payload, attempt);
    } finally {
      taskStats.wallMs += performance.now() - t;
      taskStats.cpuSeconds += cpuNow() - c;
    }
  };
  const api = createServer(createApiApp(deps));
  // Hits go through the hit queue on the official Pub/Sub emulator, as in production.
  const pubsubBytes = { publish: 0, pull: 0 };
  const queue = new HitQueue({ projectId: 'demo-herald', region: 'europe-west1', apiEndpoint: `http://${pubsubHost}/` }, (kind, bytes) => (pubsubBytes[kind] += bytes));
  const links = createServer(createLinksApp(deps, createLinksRuntime(deps, { sink: queue })));
  const bare = createServer((_req, res) => res.writeHead(302, { location: 'https://www.example.com/' }).end());
  const [apiPort, linksPort, barePort] = [await listen(api), await listen(links), await listen(bare)];
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const closers: (() => Promise<void>)[] = [auth.close];
  try {
    // ---------------------------------------------------------------- setup (not priced)
    log(`${employees} employees: setup`);
    await createSyncTenant(deps, tenantId, { google: { customerId: 'my_customer', adminEmail: `admin@${domain}` } });
    // Gmail signatures on from the start, so the first sync's push to everyone is the first deployment;
    // where that deployment is seeded instead, they are turned on once the first sync has run (below).
    const seeded = employees > PLAYED_ONBOARDING_MAX;
    if (!seeded) await deps.db.doc(`tenants/${tenantId}`).update({ 'settings.gmailSignatures': true });
    const seed = JSON.parse(readFileSync(path.join(ROOT, 'emulator-data/firestore-seed.json'), 'utf8')) as { docs: Record<string, Record<string, unknown>> };
    const keep = ['templates/acme-standard', 'campaigns/spring-launch', 'signatureAssignments/everyone'];
    await loadState(deps.db, { docs: Object.fromEntries(keep.map((k) => [`tenants/${tenantId}/${k}`, seed.docs[`tenants/acme/${k}`]!])) }, { origin: deps.config.linkBaseUrl });
    // The banner leads to the tenant's own verified domain (a click to an unproven one answers 410).
    await deps.db.doc(`tenants/${tenantId}/campaigns/spring-launch`).update({ 'banner.destinationUrl': `https://${domain}/spring` });
    // The admin: a members record as role changes leave it, and an ID token as the Auth emulator issues it.
    await deps.db.doc(`tenants/${tenantId}/members/${admin.uid}`).set({ role: 'admin', grantedBy: 'bench', grantedAt: new Date() });
    const token = auth.idToken(admin.uid);
    const call = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${apiPort}/api${p}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 300)}`);
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    };
    /** The clock moves on to the schedule's time of day ('m h …'), never back. */
    const moveTo = (name: ScheduleName) => {
      const [m, h] = schedules[name].schedule.split(' ').map(Number) as [number, number];
      clock = { timeOfDay: Math.max(timeOfDay(), (h * 60 + m) * 60_000), setAt: performance.now() };
    };
    const runSchedule = async (name: ScheduleName) => {
      moveTo(name);
      await (await schedules[name].load())(deps);
      await deps.tasks.drain();
    };
    /** Runs a step and logs its wall time and the CPU this process and the database's spent on it (where a slow setup's time goes). */
    const timed = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
      const [t, c, d] = [performance.now(), cpuNow(), cpuSecondsOf(database.pid)];
      try {
        return await step();
      } finally {
        log(`  ${what}: ${((performance.now() - t) / 1000).toFixed(1)} s, CPU here ${(cpuNow() - c).toFixed(1)} s, database ${(cpuSecondsOf(database.pid) - d).toFixed(1)} s`);
      }
    };

    // The first sync, the search keys' one backfill and the first deployment: what a new customer
    // costs once. Above PLAYED_ONBOARDING_MAX the first deployment is seeded and onboarding not reported.
    const t0 = performance.now();
    const { ops: onboarding } = await countBilledOps(async () => {
      await timed(seeded ? 'first sync' : "first sync (and its push to everyone: the first deployment)", () => runSchedule('directorySyncDaily'));
      await timed('search keys', () => runSchedule('searchKeysDaily'));
      if (!seeded) await timed('first daily deployment', () => runSchedule('signaturesDaily'));
    });
    const userCount = (await deps.db.collection(`tenants/${tenantId}/users`).count().get()).data().count;
    if (userCount !== employees) throw new Error(`the first sync stored ${userCount} users, not ${employees}`);
    log(`first sync${seeded ? '' : ' and deployment'}: ${Math.round((performance.now() - t0) / 1000)} s`);
    if (seeded) {
      // The first sync ran with Gmail signatures off: with them on, it would have pushed every
      // employee's signature itself (redeployForUsers), the very deployment seeded here.
      await deps.db.doc(`tenants/${tenantId}`).update({ 'settings.gmailSignatures': true });
      // At the first deployment's time of day, as if the daily schedule had run it.
      moveTo('signaturesDaily');
      await timed('first deployment seeded', () => seedFirstDeployment(deps, { tenantId, templateId: 'acme-standard', campaignId: 'spring-launch', giveGmail: (seedSignatures) => ask({ seedSignatures }) }));
    } else log(`onboarding: ${JSON.stringify({ reads: onboarding.reads, writes: onboarding.writes })}`);

    /**
     * One occurrence of a line, twice over: counted (ops), then timed (CPU, tasks) on a second,
     * like occurrence; `run(pass)` must leave the tenant ready for the next one.
     */
    const measure = async (instance: Instance, requests: number, run: (pass: number) => Promise<void>, options: { baselineCpu?: number } = {}): Promise<Slice> => {
      const { ops } = await countBilledOps(() => run(0));
      Object.assign(taskStats, { enqueues: 0, deliveries: 0, wallMs: 0, cpuSeconds: 0 });
      const c0 = cpuNow();
      await run(1);
      const cpuSeconds = Math.max(0, cpuNow() - c0 - (options.baselineCpu ?? 0));
      // Deliveries overlap other work at times: their CPU is capped at the pass's.
      const taskCpuSeconds = Math.min(cpuSeconds, taskStats.cpuSeconds);
      return { ops, cpuSeconds, instance, requests, taskDeliveries: taskStats.deliveries, taskEnqueues: taskStats.enqueues, taskWallSeconds: taskStats.wallMs / 1000, taskCpuSeconds };
    };

    const lines: Record<string, Line> = {};
    // ---------------------------------------------------------------- a day of schedules, after the day's churn
    let gmailCalls = 0;
    if (plays('daily jobs')) {
      lines['daily jobs'] = {
        perMonth: events.days,
        slice: await measure('tasks', 0, async (pass) => {
          nextDay();
          ({ gmailCalls } = await ask<{ gmailCalls: number }>({ churn: { changed: events.changedPerDay, joined: events.joinersPerDay, left: events.leaversPerDay } }));
          // In the order of their schedules (tasks/schedules.ts), the drift check last.
          for (const name of ['retentionDaily', 'searchKeysDaily', 'directorySyncDaily', 'signaturesDaily', 'signatureDriftDaily'] as const) {
            if (SKIPPED.has(name)) continue;
            await timed(`day ${pass + 1} ${name}`, () => runSchedule(name));
          }
        }),
      };
      log(`daily jobs: ${JSON.stringify(lines['daily jobs'].slice.ops)}`);
    }
    if (plays('monthly jobs')) {
      const { ops: review } = await countBilledOps(() => runSchedule('accessReviewMonthly'));
      // Once a month: counted only; its CPU is not measured (a handful of reads).
      lines['monthly jobs'] = { perMonth: 1, slice: { ops: review, cpuSeconds: 0, instance: 'tasks', requests: 0, taskDeliveries: 1, taskEnqueues: 1, taskWallSeconds: 0, taskCpuSeconds: 0 } };
    }

    // ---------------------------------------------------------------- views and clicks
    // One employee's link per hit (up to the directory): at the modelled rate an employee's views come
    // ~2 hours apart, so each misses the links app's 30 s caches, as it would in production.
    const userIds = (await deps.db.collection(`tenants/${tenantId}/users`).select().limit(Math.min(HITS, employees)).get()).docs.map((d) => d.id);
    let emptyDrainMs = 0;
    if (plays('views and clicks')) {
    const urls = await Promise.all(userIds.map((userId) => mintBannerLinks(deps, { tenantId, campaignId: 'spring-launch', userId })));
    const clickEvery = Math.round(1 / MODEL.ctr);
    const hitPaths = Array.from({ length: HITS }, (_, i) => new URL(i % clickEvery === clickEvery - 1 ? urls[i % urls.length]!.clickUrl : urls[i % urls.length]!.viewUrl).pathname);
    const realGapMs = 1000 / events.hitsPerSecond;
    const [gapMs, poisson] = realGapMs > 100 ? [100, false] : [realGapMs, true];
    const c0 = cpuNow();
    await playHits(barePort, hitPaths, gapMs, poisson, agent);
    const clientCpu = cpuNow() - c0;
    // The drain runs every HIT_DRAIN_EVERY_MINUTES: after each such modelled interval's hits (≥ 1 per pass), the queue is drained.
    const perDrain = events.hitsPerSecond * 60 * HIT_DRAIN_EVERY_MINUTES;
    const groups = Math.max(1, Math.round(HITS / perDrain));
    const drains = { runs: 0, cpuSeconds: 0, wallMs: 0 };
    const bytesByPass: number[] = [];
    const playAndDrain = async (pass: number) => {
      const bytes0 = pubsubBytes.publish + pubsubBytes.pull;
      for (let g = 0; g < groups; g++) {
        const part = hitPaths.slice(Math.floor((g * HITS) / groups), Math.floor(((g + 1) * HITS) / groups));
        const statuses = await playHits(linksPort, part, gapMs, poisson, agent);
        if (statuses.some((s) => s !== 302)) throw new Error(`links answered ${[...new Set(statuses)].join(', ')}`);
        const t = performance.now();
        const c = cpuNow();
        await drainHits(deps, queue);
        drains.runs++;
        drains.cpuSeconds += cpuNow() - c;
        drains.wallMs += performance.now() - t;
      }
      bytesByPass[pass] = pubsubBytes.publish + pubsubBytes.pull - bytes0;
    };
    // An empty queue's drain first (the median of three): what each of the project's drains costs
    // costs when no hit waits. A tenant's hits add to a drain only what it does beyond that.
    // The day's leaver purge left a lease (hit-screen.ts: the drain reads the campaign and employee of
    // every hit published within 15 minutes of a purge). On the bench's clock it would cover every hit
    // played; in a month it covers ≤ 15 of a working day's 600 busy minutes (a purge a day), ~2.5 %
    // of hits, each a campaign and an employee read more (≈ +$0.002 per 1,000 employees): not played.
    await deps.db.doc(`tenants/${tenantId}`).update({ hitsScreenUntil: FieldValue.delete() });
    const empties: number[] = [];
    for (let i = 0; i < 3; i++) {
      const e0 = performance.now();
      await drainHits(deps, queue);
      empties.push(performance.now() - e0);
    }
    emptyDrainMs = empties.sort((a, b) => a - b)[1]!;
    const viewsSlice = await measure('links', HITS, async (pass) => {
      if (pass === 1) Object.assign(drains, { runs: 0, cpuSeconds: 0, wallMs: 0 });
      await playAndDrain(pass);
    }, { baselineCpu: clientCpu });
    // The tenant's share of the drains: their wall time beyond an empty drain's (the drain runs every minute whatever the tenants do).
    viewsSlice.drain = { runs: drains.runs, cpuSeconds: Math.min(viewsSlice.cpuSeconds, drains.cpuSeconds), wallSeconds: drains.wallMs / 1000, marginalWallSeconds: Math.max(0, drains.wallMs - drains.runs * emptyDrainMs) / 1000 };
    viewsSlice.pubsubBytes = bytesByPass[0]!;
    lines['views and clicks'] = { perMonth: (events.views + events.clicks) / HITS, slice: viewsSlice };
    log(`${HITS} hits (${poisson ? 'Poisson' : 'evenly'}, ${(1000 / gapMs).toFixed(1)}/s), ${groups} drains a pass: ${JSON.stringify(viewsSlice.ops)}; Pub/Sub ${bytesByPass[0]} billed bytes; drains ${JSON.stringify(viewsSlice.drain)}`);
    }

    // ---------------------------------------------------------------- the console's work
    if (plays('report views')) {
    const reportRuns = 3;
      lines['report views'] = {
        perMonth: events.reportViews / reportRuns,
        slice: await measure('api', reportRuns, async () => {
          for (let i = 0; i < reportRuns; i++) await call('GET', '/reports/campaigns/spring-launch');
        }),
      };
    }
    if (plays('signature changes')) {
    const template = seed.docs['tenants/acme/templates/acme-standard']!.html as string;
      let edit = 0;
      lines['signature changes'] = {
        perMonth: events.signatureChanges,
        slice: await measure('api', 1, async () => {
          // Every pass a change (14px, then 15px; the template has 13px): an edit that changed
          // nothing started no deployment, so the counted pass (the first, 13px until stop 33)
          // counted the directory check alone and none of the deployment's reads and writes.
          edit++;
          await call('PATCH', '/templates/acme-standard', { html: template.replaceAll('$origin', deps.config.linkBaseUrl).replace('font-size:13px', `font-size:${13 + edit}px`) });
          await deps.tasks.drain();
        }),
      };
      const { cpuSeconds, taskCpuSeconds } = lines['signature changes'].slice;
      log(`signature change: CPU ${(cpuSeconds * 1000).toFixed(0)} ms (tasks ${(taskCpuSeconds * 1000).toFixed(0)} ms), ${((cpuSeconds * 1e6) / employees).toFixed(0)} µs per employee`);
    }
    if (plays('tenant exports')) {
    lines['tenant exports'] = {
        perMonth: events.tenantExports,
        slice: await measure('api', 1, async () => {
          await call('POST', '/privacy/exports', {});
          await deps.tasks.drain();
        }),
      };
    }
    if (plays('user exports')) {
    lines['user exports'] = {
        perMonth: events.userExports,
        slice: await measure('api', 1, async (pass) => {
          await call('GET', `/privacy/export/users/${userIds[pass]!}`);
        }),
      };
    }

    const stored = plays('stored data') ? await timed('stored size', () => storedSize(deps.db, `tenants/${tenantId}`)) : { documentBytes: 0, indexBytes: 0, documents: 0, by: {} };
    // Bytes (documents and index entries) per employee by collection: equal at every size for what
    // is stored per employee, falling for what is stored per tenant.
    if (plays('stored data')) log(`stored bytes per employee: ${Math.round((stored.documentBytes + stored.indexBytes) / employees)} ${JSON.stringify(Object.fromEntries(Object.entries(stored.by).map(([k, b]) => [k, Number((b / employees).toFixed(1))])))}`);
    return { lines, onboarding, seeded, stored, gmailCalls, emptyDrainMs };
  } finally {
    for (const close of closers) await close();
    agent.destroy();
    for (const s of [api, links, bare]) s.close();
    await deps.close();
    fakes.send({ stop: true });
    await once(fakes, 'exit');
  }
}

/** USD a month of one line: Firestore, the functions' instance time and requests, Cloud Tasks. */
function price(line: Line) {
  const { slice, perMonth } = line;
  const inst = INSTANCES[slice.instance];
  // Work in an api or links request runs on that function; the tasks it starts (and a day of
  // schedules, all of it) on task instances, one invocation per delivery.
  const instanceSeconds = (cpu: number, vcpu: number) => cpu / vcpu / UTILISATION;
  const taskCpu = slice.instance === 'tasks' ? slice.cpuSeconds : slice.taskCpuSeconds;
  const fnCpu = slice.cpuSeconds - taskCpu - (slice.drain?.cpuSeconds ?? 0);
  const functions =
    runCost(instanceSeconds(fnCpu, inst.vcpu), inst.vcpu, inst.mib, slice.requests) +
    runCost(instanceSeconds(taskCpu, INSTANCES.tasks.vcpu), INSTANCES.tasks.vcpu, INSTANCES.tasks.mib, slice.taskDeliveries);
  const tasks = ((slice.taskEnqueues + slice.taskDeliveries) / 1e6) * PRICES.cloudTasks.perMillionOperations;
  const firestore = firestoreCost(slice.ops);
  // The drains: alone on their instance, billed for their wall time (request-based billing). The
  // project runs one a minute whatever its tenants do (projectFixedUsdPerMonth): a tenant's hits cost
  // the wall time they add to those drains, not the drains' requests.
  const drain = slice.drain ? runCost(slice.drain.marginalWallSeconds, INSTANCES.scheduled.vcpu, INSTANCES.scheduled.mib, 0) : 0;
  const pubsub = pubsubCost(slice.pubsubBytes ?? 0);
  const all = firestore + functions + drain + tasks + pubsub;
  return { firestore: firestore * perMonth, functions: (functions + drain) * perMonth, tasks: tasks * perMonth, pubsub: pubsub * perMonth, total: all * perMonth };
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;
/** A tenant size as the ratio's name gives it: 100000 → `100k`. */
const sizeName = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));
const emulator = await startFirestoreEmulator({ quiet: true });
const pubsubEmulator = await startPubsubEmulator({ quiet: true });
// The emulators run in process groups of their own (detached): nothing stops them if this process
// dies first. A stop (npm run bench interrupted) or a reader gone (EPIPE on the figures' line, as
// when the runner was killed and this bench ran on) stops them, then the bench, with a failure.
let stopped: Promise<void> | undefined;
const stopEmulators = () => (stopped ??= Promise.all([emulator.stop(), pubsubEmulator.stop()]).then(() => undefined));
const stopNow = (why: string) => {
  log(`${why}: stopping the emulators`);
  process.exitCode = 1;
  void stopEmulators().finally(() => process.exit());
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => stopNow(signal));
process.stdout.on('error', (err: NodeJS.ErrnoException) => stopNow(`the figures' reader is gone (${err.code})`));
try {
  const perSize: Record<number, { per1000: number; lines: Record<string, ReturnType<typeof price>>; detail: Awaited<ReturnType<typeof playTenant>> }> = {};
  for (const n of SIZES) {
    const detail = await playTenant(n, { host: emulator.host, pid: emulator.pid }, pubsubEmulator.host);
    const lines = Object.fromEntries(Object.entries(detail.lines).map(([k, l]) => [k, price(l)]));
    const storedUsd = ((detail.stored.documentBytes + detail.stored.indexBytes) / 2 ** 30) * PRICES.firestore.storedGiBMonth;
    if (plays('stored data')) lines['stored data'] = { firestore: storedUsd, functions: 0, tasks: 0, pubsub: 0, total: storedUsd };
    const total = Object.values(lines).reduce((s, l) => s + l.total, 0);
    perSize[n] = { per1000: (total / n) * 1000, lines, detail };
    log(`${n} employees: $${total.toFixed(4)} a month, $${((total / n) * 1000).toFixed(4)} per 1,000 employees`);
    for (const [k, l] of Object.entries(lines)) log(`  ${k}: ${JSON.stringify(Object.fromEntries(Object.entries(l).map(([a, b]) => [a, r4(b)])))}`);
  }
  const small = SIZES[0]!;
  const large = SIZES[SIZES.length - 1]!;
  const per1000 = (n: number, line: string) => (perSize[n]!.lines[line]!.total / n) * 1000;
  const describe = (n: number) => {
    const d = perSize[n]!.detail;
    return {
      usdPerMonth: r4(Object.values(perSize[n]!.lines).reduce((s, l) => s + l.total, 0)),
      usdPer1000: r4(perSize[n]!.per1000),
      breakdownPer1000: Object.fromEntries(Object.keys(perSize[n]!.lines).map((k) => [k, r4(per1000(n, k))])),
      perOccurrence: Object.fromEntries(
        Object.entries(d.lines).map(([k, l]) => [
          k,
          { perMonth: Number(l.perMonth.toFixed(2)), reads: l.slice.ops.reads, writes: l.slice.ops.writes, deletes: l.slice.ops.deletes, ttlDeletes: l.slice.ops.ttlDeletes, cpuMs: Math.round(l.slice.cpuSeconds * 1000), taskDeliveries: l.slice.taskDeliveries, taskWallMs: Math.round(l.slice.taskWallSeconds * 1000), topWrites: Object.entries(l.slice.ops.writesBy).sort((a, b) => b[1] - a[1]).slice(0, 3), topReads: Object.entries(l.slice.ops.readsBy).sort((a, b) => b[1] - a[1]).slice(0, 3) },
        ]),
      ),
      onboarding: d.seeded ? 'seeded (not played)' : { reads: d.onboarding.reads, writes: d.onboarding.writes, usd: r4(firestoreCost(d.onboarding)) },
      storedMB: Number(((d.stored.documentBytes + d.stored.indexBytes) / 2 ** 20).toFixed(2)),
      storedDocuments: d.stored.documents,
      storedBytesPerEmployee: Math.round((d.stored.documentBytes + d.stored.indexBytes) / n),
    };
  };
  const figures = {
    usdPer1000EmployeesMonth: r4(perSize[small]!.per1000),
    breakdown1k: Object.fromEntries(Object.entries(perSize[small]!.lines).map(([k, l]) => [k, { firestore: r4((l.firestore / small) * 1000), functions: r4((l.functions / small) * 1000), tasks: r4((l.tasks / small) * 1000), pubsub: r4((l.pubsub / small) * 1000), total: r4((l.total / small) * 1000) }])),
    // The project's own drains (one every HIT_DRAIN_EVERY_MINUTES, DRAINS_PER_MONTH a month, whatever its tenants): not a tenant's cost; priced at one empty drain's wall time each.
    projectFixedUsdPerMonth: { hitsDrain: r4(runCost((perSize[small]!.detail.emptyDrainMs / 1000) * DRAINS_PER_MONTH, INSTANCES.scheduled.vcpu, INSTANCES.scheduled.mib, DRAINS_PER_MONTH)), emptyDrainMs: Math.round(perSize[small]!.detail.emptyDrainMs) },
    // One size played (COST_BENCH_SIZES=1000): no ratio, rather than a 1.0 that compares a tenant with itself.
    [`per1000Ratio${sizeName(large)}To${sizeName(small)}`]: large === small ? null : r4(perSize[large]!.per1000 / perSize[small]!.per1000),
    lineRatios: large === small ? null : Object.fromEntries(Object.keys(perSize[small]!.lines).map((k) => [k, per1000(small, k) > 0 ? r4(per1000(large, k) / per1000(small, k)) : null])),
    sizes: Object.fromEntries(SIZES.map((n) => [n, describe(n)])),
    model: { ...MODEL, hits: HITS, utilisation: UTILISATION, instances: INSTANCES },
    prices: PRICES,
    emulatorVersion: emulator.version,
  };
  process.stdout.write(JSON.stringify({ cost: figures }) + '\n');
} finally {
  await stopEmulators();
}
process.exit();
