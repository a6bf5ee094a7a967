/**
 * The hot path's figures (npm run bench): redirect throughput against a bare node:http 302 server
 * under the same load, commits per click at 50 connections, clicks acknowledged but not counted,
 * the most writes any one document takes in a second at 1,000 clicks/s on one campaign, and the
 * cold import cost of the links function against firebase-functions + firebase-admin/firestore.
 * Firestore is the in-memory one of the local host (real firebase-admin client).
 *
 * Throughput is measured with as many connections as one links instance accepts at once
 * (LINKS_INSTANCE.concurrency), the same for both servers. A click is answered after the commit
 * that carries it, so with few connections the redirect is bound by commit latency, not by work
 * (Little's law: throughput = connections / latency); at 50 connections a 10 ms commit caps any
 * implementation at 5,000 req/s. The 50-connection figures are reported too (`at50`).
 *
 * Also (docs/performance.md): the same app on the official Firestore emulator when its jar and Java
 * are here (`emulator`: req/s, commits per click, lost clicks; else `emulator.skipped` says why),
 * open-loop latency at 2,000 human clicks/s against the bare server (`p99AddedLatencyRatio`),
 * billed writes per 1,000 human clicks at 1,000/s (`writesPer1000Clicks`), and the load curve the
 * chart is drawn from (`curve`).
 */
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryMiB } from '../../functions/src/tasks/task-instance.js';
import type { LinksRuntime } from '../../functions/src/links/links-app.js';
import { LINKS_INSTANCE } from '../../functions/src/links/links-instance.js';
import { findFirestoreEmulatorJar, startFirestoreEmulator, type FirestoreEmulator } from '../../functions/src/local/firestore-emulator.js';
import type { LocalDeps } from '../../functions/src/local/local-deps.js';
import { median, withBuiltFunctions } from './built-functions.js';
import { functionHeapFlags } from './function-heap-flags.js';
import { openLoop, type OpenLoopResult } from './open-loop.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONNECTIONS = LINKS_INSTANCE.concurrency;
const COMMIT_CONNECTIONS = 50;
/** Each round runs the bare server, the links app and the remote model back to back; figures are medians over rounds. */
const ROUNDS = 5;
/** One campaign, this many employees (the seed's Acme topped up with fictitious ones). */
const EMPLOYEES = 50;
/** Distinct recipient links for human clicks (each clicked at most once every 8 s at 2,000/s). */
const HUMAN_LINKS = 16_000;
/** The remote model's commit time (ms). */
const MODEL_COMMIT_MS = 10;
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const log = (m: string) => process.stderr.write(`redirect bench: ${m}\n`);

type Msg = { type: string; [k: string]: unknown };

// ---------------------------------------------------------------- server process
async function serve(): Promise<void> {
  const { readConfig } = await import('../../functions/src/core/config.js');
  const { createLocalDeps } = await import('../../functions/src/local/local-deps.js');
  const { loadState } = await import('../../functions/src/local/firestore-state.js');
  const { memoryLogger } = await import('../../functions/src/platform/logger.js');
  const { mintBannerLinks } = await import('../../functions/src/tracking/mint-links.js');
  const { createLinksApp, createLinksRuntime } = await import('../../functions/src/links/links-app.js');

  const { mintRecipientLinks } = await import('../../functions/src/tracking/mint-links.js');

  const logger = memoryLogger();
  const config = readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald' });
  const deps = createLocalDeps({ config, log: logger });
  const seed = JSON.parse(readFileSync(path.join(ROOT, 'emulator-data/firestore-seed.json'), 'utf8'));
  /** The seed's Acme, topped up to EMPLOYEES fictitious employees; each one's banner link, and human-click links. */
  const prepare = async (db: typeof deps.db) => {
    await loadState(db, seed);
    const existing = (await db.collection('tenants/acme/users').get()).docs.map((d) => d.id);
    const batch = db.batch();
    for (let i = existing.length; i < EMPLOYEES; i++) {
      batch.set(db.doc(`tenants/acme/users/bench-${i}`), { email: `bench.employee${i}@acme.example`, firstName: 'Bench', lastName: `Employee ${i}`, groups: [], source: 'csv' });
    }
    await batch.commit();
    const users = (await db.collection('tenants/acme/users').limit(EMPLOYEES).get()).docs.map((d) => d.id);
    const d = { ...deps, db };
    const paths: string[] = [];
    for (const userId of users) paths.push(new URL((await mintBannerLinks(d, { tenantId: 'acme', campaignId: 'spring-launch', userId })).clickUrl).pathname);
    // A human click: each recipient's own link (the burst rule counts one link clicked twice within a
    // second as a bot). Acme has not opted in to recipient tracking: nothing about them is stored.
    const humanPaths: string[] = [];
    const recipients = Array.from({ length: HUMAN_LINKS / EMPLOYEES }, (_, i) => `reader${i}@initech.example`);
    // Past the API's 40 recipient links a day per employee (tracking/mint-quota.ts): the bench signs
    // the rest itself, with the codes of each employee's one minted link.
    const { decodeToken, encodeToken } = await import('../../functions/src/tracking/token-codec.js');
    const { inTokenContext, sealRecipient } = await import('../../functions/src/tracking/recipient-seal.js');
    const perUser = await Promise.all(
      users.map(async (userId) => {
        const [first] = await mintRecipientLinks(d, { tenantId: 'acme', campaignId: 'spring-launch', userId, recipients: recipients.slice(0, 1) });
        const { tenantCode, campaignCode, userCode } = decodeToken(config.linkKeys, first!.clickUrl.split('/c/')[1]!)!;
        return recipients.map((recipient) => {
          const sealed = sealRecipient(config.recipientKeys, recipient, inTokenContext(tenantCode));
          return { recipient, clickUrl: `${config.linkBaseUrl}/c/${encodeToken(config.linkKeys, { kind: 'recipient', tenantCode, campaignCode, userCode, sealed })}` };
        });
      }),
    );
    for (let i = 0; i < recipients.length; i++) for (const links of perUser) humanPaths.push(new URL(links[i]!.clickUrl).pathname);
    return { paths, humanPaths };
  };
  const { paths, humanPaths } = await prepare(deps.db);

  let writes: { path: string; at: number }[] = [];
  const runtime = createLinksRuntime(deps, { onCommit: (docs, at) => docs.forEach((p) => writes.push({ path: p, at })) });
  const links: Server = createServer(createLinksApp(deps, runtime));
  // The same app, but Firestore modelled as the remote service it is in production: batches are
  // built by the real client, and a commit is a 10 ms wait that costs this process no CPU (the
  // in-memory database otherwise spends ~4 ms of this process's CPU per commit).
  const remoteDb = new Proxy(deps.db, {
    get(target, prop) {
      if (prop === 'batch') {
        return () => {
          const batch = target.batch();
          Object.defineProperty(batch, 'commit', { value: () => new Promise((resolve) => setTimeout(() => resolve([]), MODEL_COMMIT_MS)) });
          return batch;
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  // Billed document writes of the remote model: every document a commit writes is one write.
  const remoteWrites = { writes: 0, commits: 0 };
  const remoteRuntime = createLinksRuntime(
    { ...deps, db: remoteDb },
    {
      onCommit: (docs) => {
        remoteWrites.writes += docs.length;
        remoteWrites.commits++;
      },
    },
  );
  const remote: Server = createServer(createLinksApp({ ...deps, db: remoteDb }, remoteRuntime));
  const bare: Server = createServer((_req, res) => {
    res.writeHead(302, { Location: 'https://www.acme.example/spring', 'Cache-Control': 'no-store' });
    res.end();
  });
  // The same app on the official Firestore emulator (a Java process: real gRPC, real commits), when one runs.
  let emulator: { server: Server; deps: LocalDeps; runtime: LinksRuntime; paths: string[] } | undefined;
  if (process.env.REDIRECT_BENCH_EMULATOR_HOST) {
    const emulatorDeps = createLocalDeps({ config, log: logger, firestoreEmulatorHost: process.env.REDIRECT_BENCH_EMULATOR_HOST });
    const prepared = await prepare(emulatorDeps.db);
    const emulatorRuntime = createLinksRuntime(emulatorDeps);
    emulator = { server: createServer(createLinksApp(emulatorDeps, emulatorRuntime)), deps: emulatorDeps, runtime: emulatorRuntime, paths: prepared.paths };
  }
  await Promise.all([links, bare, remote, ...(emulator ? [emulator.server] : [])].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  const port = (s: Server) => (s.address() as { port: number }).port;

  const countedIn = async (db: typeof deps.db) => {
    const snap = await db.collection('tenants/acme/campaigns/spring-launch/counters').get();
    return snap.docs.reduce((n, d) => n + (d.get('clicks') ?? 0) + (d.get('botClicks') ?? 0), 0);
  };
  const counted = () => countedIn(deps.db);
  const idleRss = process.memoryUsage().rss;
  let peakRss = idleRss;
  setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50).unref();
  process.on('message', async (msg: Msg) => {
    if (msg.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ type: 'cpu', us: user + system });
    } else if (msg.type === 'rss') {
      process.send!({ type: 'rss', idleRssMB: Math.round(idleRss / 1048576), peakRssMB: Math.round(peakRss / 1048576) });
    } else if (msg.type === 'remoteStats') {
      await remoteRuntime.committer.idle();
      process.send!({ type: 'remoteStats', stats: { ...remoteRuntime.committer.stats } });
    } else if (msg.type === 'stats') {
      await runtime.committer.idle();
      process.send!({ type: 'stats', stats: { ...runtime.committer.stats }, counted: await counted(), errors: logger.entries.filter((e) => e.level !== 'info').length });
    } else if (msg.type === 'emulatorStats') {
      await emulator!.runtime.committer.idle();
      process.send!({ type: 'emulatorStats', stats: { ...emulator!.runtime.committer.stats }, counted: await countedIn(emulator!.deps.db) });
    } else if (msg.type === 'remoteWrites') {
      await remoteRuntime.committer.idle();
      process.send!({ type: 'remoteWrites', ...remoteWrites, committed: remoteRuntime.committer.stats.committed });
    } else if (msg.type === 'resetWrites') {
      writes = [];
      process.send!({ type: 'resetWrites' });
    } else if (msg.type === 'writes') {
      await runtime.committer.idle();
      const byDoc = new Map<string, number[]>();
      for (const w of writes) (byDoc.get(w.path) ?? byDoc.set(w.path, []).get(w.path)!).push(w.at);
      let max = 0;
      for (const times of byDoc.values()) {
        times.sort((a, b) => a - b);
        for (let i = 0, j = 0; j < times.length; j++) {
          while (times[j]! - times[i]! >= 1000) i++;
          max = Math.max(max, j - i + 1);
        }
      }
      process.send!({ type: 'writes', maxWritesPerDocPerSec: max, docs: byDoc.size, writes: writes.length });
    } else if (msg.type === 'exit') {
      await emulator?.deps.close();
      process.exit(0);
    }
  });
  process.send!({ type: 'ready', linksPort: port(links), barePort: port(bare), remotePort: port(remote), paths, humanPaths, ...(emulator ? { emulatorPort: port(emulator.server), emulatorPaths: emulator.paths } : {}) });
}

// ---------------------------------------------------------------- load generator
function ask(child: ReturnType<typeof fork>, type: string): Promise<Msg> {
  return new Promise((resolve) => {
    const on = (m: Msg) => {
      if (m.type !== type) return;
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
    child.send({ type });
  });
}

function cannon(port: number, paths: string[], seconds: number, extra: Partial<autocannon.Options> = {}): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'user-agent': CHROME },
    requests: paths.map((p) => ({ method: 'GET', path: p })),
    ...extra,
  });
}

const count302 = (r: autocannon.Result) => Number((r.statusCodeStats as Record<string, { count: number }>)['302']?.count ?? 0);

interface Ready {
  linksPort: number;
  barePort: number;
  remotePort: number;
  paths: string[];
  humanPaths: string[];
  emulatorPort?: number;
  emulatorPaths?: string[];
}
const startServer = async (nodeFlags: string[] = [], emulatorHost?: string) => {
  const { FIRESTORE_EMULATOR_HOST: _ignored, ...env } = process.env;
  const child = fork(fileURLToPath(import.meta.url), ['server'], {
    execArgv: ['--import', 'tsx', ...nodeFlags],
    env: { ...env, ...(emulatorHost ? { REDIRECT_BENCH_EMULATOR_HOST: emulatorHost } : {}) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = (await new Promise<Msg>((resolve) => child.once('message', resolve))) as unknown as Ready;
  return { child, ...ready };
};
const cpuUs = async (child: ReturnType<typeof fork>) => ((await ask(child, 'cpu')) as unknown as { us: number }).us;

/** NODE_OPTIONS as deployed (functions/.env, shared by every project). */
function deployedNodeOptions(): string[] {
  const line = readFileSync(path.join(ROOT, 'functions/.env'), 'utf8').split('\n').find((l) => l.startsWith('NODE_OPTIONS='));
  return line ? line.slice('NODE_OPTIONS='.length).trim().split(/\s+/).filter(Boolean) : [];
}

/**
 * One links instance as deployed: the app with Firestore as a remote service (the remote model, so
 * the in-memory database's own memory and CPU are not counted), in a fresh process with the heap
 * limits Node gives itself in an instance of LINKS_INSTANCE.memory plus the deployed NODE_OPTIONS,
 * at LINKS_INSTANCE.concurrency. `withoutNodeOptions` is the same without them.
 */
async function instanceFigures() {
  const sized = functionHeapFlags(memoryMiB(LINKS_INSTANCE.memory));
  // A later flag wins: the deployed options override what Node derives from the memory.
  const deployed = await oneInstance([...sized, ...deployedNodeOptions()]);
  return { ...deployed, withoutNodeOptions: await oneInstance(sized) };
}

async function oneInstance(flags: string[]) {
  log(`one links instance (${LINKS_INSTANCE.memory}: ${flags.join(' ')})`);
  const server = await startServer(flags);
  await cannon(server.remotePort, server.paths, 2);
  const before = await cpuUs(server.child);
  const r = await cannon(server.remotePort, server.paths, 6);
  const used = (await cpuUs(server.child)) - before;
  const rss = (await ask(server.child, 'rss')) as unknown as { idleRssMB: number; peakRssMB: number };
  server.child.send({ type: 'exit' });
  return {
    memory: LINKS_INSTANCE.memory,
    nodeFlags: flags.join(' '),
    reqPerSec: Math.round(r.requests.average),
    non302: r.requests.total - count302(r),
    cpuUsPerRequest: Math.round((used / Math.max(1, r.requests.total)) * 10) / 10,
    rssIdleMB: rss.idleRssMB,
    rssPeakMB: rss.peakRssMB,
  };
}

/** The official Firestore emulator for the bench, or why not (no jar or no Java here). */
async function startEmulator(): Promise<FirestoreEmulator | string> {
  try {
    findFirestoreEmulatorJar();
    return await startFirestoreEmulator({ quiet: true });
  } catch (err) {
    return err instanceof Error ? err.message.split('\n')[0]! : String(err);
  }
}

async function loadFigures() {
  const emulatorProcess = await startEmulator();
  if (typeof emulatorProcess === 'string') log(`no official Firestore emulator: ${emulatorProcess}`);
  try {
    return await loadFiguresWith(typeof emulatorProcess === 'string' ? undefined : emulatorProcess.host, typeof emulatorProcess === 'string' ? emulatorProcess : undefined);
  } finally {
    if (typeof emulatorProcess !== 'string') await emulatorProcess.stop();
  }
}

async function loadFiguresWith(emulatorHost: string | undefined, noEmulator: string | undefined) {
  const { child, linksPort, barePort, remotePort, paths, humanPaths, emulatorPort, emulatorPaths } = await startServer([], emulatorHost);
  let acknowledged = 0;
  let emulatorAcknowledged = 0;
  const emulatorRun = async (seconds: number, extra: Partial<autocannon.Options> = {}) => {
    const r = await cannon(emulatorPort!, emulatorPaths!, seconds, extra);
    emulatorAcknowledged += count302(r);
    return r;
  };
  const linksRun = async (seconds: number, extra: Partial<autocannon.Options> = {}) => {
    const r = await cannon(linksPort, paths, seconds, extra);
    acknowledged += count302(r);
    return r;
  };
  log('warming up');
  await cannon(barePort, ['/'], 2);
  await linksRun(2);
  await cannon(remotePort, paths, 2);
  if (emulatorPort) await emulatorRun(2);
  // Open-loop figures first, while the emulator's JVM is idle (after its loaded rounds it keeps a
  // core busy for a while, which the first run of this bench charged to the latency rounds).
  const latency = await latencyFigures(barePort, remotePort, humanPaths);
  log(`1,000 human clicks/s on one campaign, ${EMPLOYEES} employees (remote model): billed writes`);
  const w0 = (await ask(child, 'remoteWrites')) as unknown as { writes: number; commits: number; committed: number };
  const humanRun = await openLoop({ port: remotePort, paths: humanPaths, ratePerSec: 1000, seconds: 10, userAgent: CHROME, firstPath: 3000 });
  const w1 = (await ask(child, 'remoteWrites')) as unknown as { writes: number; commits: number; committed: number };
  const humanClicks = w1.committed - w0.committed;
  const curve = await curveFigures(barePort, remotePort, humanPaths);
  const bare: number[] = [];
  const redirect: number[] = [];
  const remote: number[] = [];
  const onEmulator: number[] = [];
  // The server process's CPU time per answered request: what each server costs, whatever the load
  // generator (which shares this machine's cores) manages to send.
  const cpu = { bare: [0, 0], redirect: [0, 0], remote: [0, 0], emulator: [0, 0] } as Record<'bare' | 'redirect' | 'remote' | 'emulator', [number, number]>;
  const measured = async (which: keyof typeof cpu, run: () => Promise<autocannon.Result>) => {
    const before = await cpuUs(child);
    const r = await run();
    cpu[which][0] += (await cpuUs(child)) - before;
    cpu[which][1] += r.requests.total;
    return r.requests.average;
  };
  for (let round = 0; round < ROUNDS; round++) {
    log(`throughput round ${round + 1} (${CONNECTIONS} connections)`);
    bare.push(await measured('bare', () => cannon(barePort, ['/'], 6)));
    redirect.push(await measured('redirect', () => linksRun(6)));
    remote.push(await measured('remote', () => cannon(remotePort, paths, 6)));
    if (emulatorPort) onEmulator.push(await measured('emulator', () => emulatorRun(6)));
  }
  const usPerRequest = (which: keyof typeof cpu) => Math.round((cpu[which][0] / Math.max(1, cpu[which][1])) * 10) / 10;
  const serverRss = (await ask(child, 'rss')) as unknown as { idleRssMB: number; peakRssMB: number };
  log(`commits per click (${COMMIT_CONNECTIONS} connections)`);
  const at50 = { connections: COMMIT_CONNECTIONS } as Record<string, number>;
  at50.bare302ReqPerSec = Math.round((await cannon(barePort, ['/'], 6, { connections: COMMIT_CONNECTIONS })).requests.average);
  const before = (await ask(child, 'stats')) as unknown as { stats: { commits: number; committed: number } };
  at50.reqPerSec = Math.round((await linksRun(6, { connections: COMMIT_CONNECTIONS })).requests.average);
  const after = (await ask(child, 'stats')) as unknown as { stats: { commits: number; committed: number } };
  at50.ratio = Math.round((at50.reqPerSec / at50.bare302ReqPerSec) * 1000) / 1000;
  const commits = after.stats.commits - before.stats.commits;
  const clicks = after.stats.committed - before.stats.committed;
  let emulatorAt50: { reqPerSec: number; commitsPerClick: number } | undefined;
  if (emulatorPort) {
    const before = (await ask(child, 'emulatorStats')) as unknown as { stats: { commits: number; committed: number } };
    const reqPerSec = Math.round((await emulatorRun(6, { connections: COMMIT_CONNECTIONS })).requests.average);
    const after = (await ask(child, 'emulatorStats')) as unknown as { stats: { commits: number; committed: number } };
    emulatorAt50 = { reqPerSec, commitsPerClick: Math.round(((after.stats.commits - before.stats.commits) / Math.max(1, after.stats.committed - before.stats.committed)) * 10_000) / 10_000 };
  }
  const instance = await instanceFigures();
  const remoteStats = (await ask(child, 'remoteStats')) as unknown as { stats: { commits: number; committed: number } };
  log('1,000 clicks/s on one campaign');
  await ask(child, 'resetWrites');
  const paced = await linksRun(10, { overallRate: 1000, connections: COMMIT_CONNECTIONS });
  const writes = (await ask(child, 'writes')) as unknown as { maxWritesPerDocPerSec: number; docs: number; writes: number };
  const final = (await ask(child, 'stats')) as unknown as { counted: number; errors: number; stats: Record<string, number> };
  const emulatorFinal = emulatorPort ? ((await ask(child, 'emulatorStats')) as unknown as { counted: number; stats: Record<string, number> }) : undefined;
  child.send({ type: 'exit' });
  await new Promise((resolve) => child.once('exit', resolve));
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  // The ratio of each round (both servers measured back to back, under the same machine load), then the median.
  const ratioOf = (xs: number[]) => Math.round(median(xs.map((x, i) => x / bare[i]!)) * 1000) / 1000;
  return {
    reqPerSec: Math.round(median(redirect)),
    bare302ReqPerSec: Math.round(median(bare)),
    ratio: ratioOf(redirect),
    roundRatios: redirect.map((x, i) => Math.round((x / bare[i]!) * 1000) / 1000),
    connections: CONNECTIONS,
    // Server CPU per request (µs): the bare 302, the links app (its figure includes the in-memory
    // database's own work on every commit), the links app with Firestore as a remote service.
    serverCpuUsPerRequest: { bare302: usPerRequest('bare'), redirect: usPerRequest('redirect'), remoteFirestoreModel: usPerRequest('remote') },
    // The ratio again, from server CPU alone (bare µs ÷ redirect µs): independent of the load generator.
    cpuRatio: Math.round((usPerRequest('bare') / Math.max(0.1, usPerRequest('redirect'))) * 1000) / 1000,
    commitsPerClick: Math.round((commits / Math.max(1, clicks)) * 10_000) / 10_000,
    at50,
    // The bench's server process (three servers and the in-memory database): what 1,000 open
    // connections add to it, before and at the peak of the loaded rounds.
    serverRssIdleMB: serverRss.idleRssMB,
    serverRssPeakMB: serverRss.peakRssMB,
    instanceModel: instance,
    remoteFirestoreModel: {
      reqPerSec: Math.round(median(remote)),
      ratio: ratioOf(remote),
      commitsPerClick: Math.round((remoteStats.stats.commits / Math.max(1, remoteStats.stats.committed)) * 10_000) / 10_000,
    },
    emulator: emulatorFinal
      ? {
          reqPerSec: Math.round(median(onEmulator)),
          ratio: ratioOf(onEmulator),
          serverCpuUsPerRequest: usPerRequest('emulator'),
          at50: emulatorAt50,
          commitsPerClick: emulatorAt50!.commitsPerClick,
          acknowledgedClicks: emulatorAcknowledged,
          countedClicks: emulatorFinal.counted,
          lostClicks: Math.max(0, emulatorAcknowledged - emulatorFinal.counted),
          committer: emulatorFinal.stats,
        }
      : { skipped: noEmulator },
    ...latency,
    writesPer1000Clicks: Math.round(((w1.writes - w0.writes) / Math.max(1, humanClicks)) * 1000 * 10) / 10,
    writesRun: {
      offeredPerSec: 1000,
      answeredPerSec: humanRun.answeredPerSec,
      humanClicks,
      documentWrites: w1.writes - w0.writes,
      commits: w1.commits - w0.commits,
      employees: EMPLOYEES,
      p99Ms: humanRun.p99Ms,
    },
    curve,
    acknowledgedClicks: acknowledged,
    countedClicks: final.counted,
    lostClicks: Math.max(0, acknowledged - final.counted),
    maxWritesPerDocPerSec: writes.maxWritesPerDocPerSec,
    pacedReqPerSec: Math.round(paced.requests.average),
    counterDocsWritten: writes.docs,
    loggedProblems: final.errors,
    committer: final.stats,
  };
}

/** Open-loop rate of the latency figure (clicks/s on one instance) and its rounds. */
const LATENCY_RATE = 2000;
const LATENCY_ROUNDS = 3;

/**
 * Click latency under a fixed arrival rate: the bare server and the links app with the remote
 * Firestore model, back to back in each round, at LATENCY_RATE human clicks/s; the added latency is
 * the links app's percentile minus the bare server's in the same round, medians over rounds.
 */
async function latencyFigures(barePort: number, remotePort: number, humanPaths: string[]) {
  const rounds: { bare: OpenLoopResult; links: OpenLoopResult }[] = [];
  for (let round = 0; round < LATENCY_ROUNDS; round++) {
    log(`open-loop latency round ${round + 1} (${LATENCY_RATE}/s)`);
    await openLoop({ port: barePort, paths: ['/'], ratePerSec: LATENCY_RATE, seconds: 1, userAgent: CHROME });
    const bare = await openLoop({ port: barePort, paths: ['/'], ratePerSec: LATENCY_RATE, seconds: 6, userAgent: CHROME });
    await openLoop({ port: remotePort, paths: humanPaths, ratePerSec: LATENCY_RATE, seconds: 1, userAgent: CHROME, firstPath: 8000 });
    const links = await openLoop({ port: remotePort, paths: humanPaths, ratePerSec: LATENCY_RATE, seconds: 6, userAgent: CHROME, firstPath: round * 4000 });
    rounds.push({ bare, links });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const added = (p: 'p50Ms' | 'p99Ms') => r2(median(rounds.map((r) => r.links[p] - r.bare[p])));
  return {
    p99AddedLatencyRatio: r2(added('p99Ms') / MODEL_COMMIT_MS),
    openLoop: {
      ratePerSec: LATENCY_RATE,
      modelCommitMs: MODEL_COMMIT_MS,
      addedP50Ms: added('p50Ms'),
      addedP99Ms: added('p99Ms'),
      bare: { p50Ms: median(rounds.map((r) => r.bare.p50Ms)), p99Ms: median(rounds.map((r) => r.bare.p99Ms)), answeredPerSec: median(rounds.map((r) => r.bare.answeredPerSec)) },
      links: { p50Ms: median(rounds.map((r) => r.links.p50Ms)), p99Ms: median(rounds.map((r) => r.links.p99Ms)), answeredPerSec: median(rounds.map((r) => r.links.answeredPerSec)), non302: rounds.reduce((n, r) => n + r.links.otherStatus + r.links.errors, 0) },
    },
  };
}

/** Offered loads of the chart (docs/redirect-curve.svg): answered req/s and p99 of both servers at each. */
const CURVE_RATES = [500, 1000, 2000, 3000, 4000, 6000];

async function curveFigures(barePort: number, remotePort: number, humanPaths: string[]) {
  const points: { server: 'bare302' | 'links'; offeredPerSec: number; answeredPerSec: number; p50Ms: number; p99Ms: number }[] = [];
  for (const rate of CURVE_RATES) {
    log(`curve: ${rate}/s`);
    for (const [server, port, paths] of [['bare302', barePort, ['/']], ['links', remotePort, humanPaths]] as const) {
      const r = await openLoop({ port, paths, ratePerSec: rate, seconds: 4, userAgent: CHROME, firstPath: rate });
      points.push({ server, offeredPerSec: rate, answeredPerSec: r.answeredPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms });
    }
  }
  return points;
}

// ---------------------------------------------------------------- cold import
async function coldImport() {
  return withBuiltFunctions(({ lib, run }) => {
    const timed = (code: string) => `const t = performance.now(); ${code} console.log(performance.now() - t);`;
    const scripts = {
      floor: timed(`await Promise.all([import('firebase-functions'), import('firebase-admin/firestore')]);`),
      // What a cold links instance loads: the functions entry, then the links module.
      links: timed(`await import('${lib}/index.js'); await import('${lib}/links/links-function.js');`),
      // The same, plus building the app (firebase-admin app, Firestore client, config): ready to serve.
      linksReady: timed(`await import('${lib}/index.js'); const l = await import('${lib}/links/links-function.js'); l.createLinksFunctionApp();`),
    };
    const samples: Record<keyof typeof scripts, number[]> = { floor: [], links: [], linksReady: [] };
    for (let i = 0; i < 9; i++) for (const k of Object.keys(scripts) as (keyof typeof scripts)[]) samples[k].push(Number(run(scripts[k])));
    const floor = median(samples.floor);
    return {
      coldImportRatio: Math.round((median(samples.links) / floor) * 1000) / 1000,
      coldImportFloorMs: Math.round(floor),
      coldImportLinksMs: Math.round(median(samples.links)),
      coldReadyRatio: Math.round((median(samples.linksReady) / floor) * 1000) / 1000,
    };
  });
}

if (process.argv[2] === 'server') {
  await serve();
} else {
  const load = await loadFigures();
  log('cold imports');
  const cold = await coldImport();
  process.stdout.write(JSON.stringify({ redirect: { ...load, ...cold } }) + '\n');
}
