/**
 * 300k-user directories (npm run bench -- sync300k): the Google Directory fake (a process of its own)
 * serves SYNC300K_USERS users (300k); the database is the in-memory Firestore served over gRPC from
 * another process (test/support/firestore-grpc-host.ts); each sync runs in a fresh process of its own
 * with the V8 heap limits of the task instance (TASK_INSTANCE.memory, test/bench/function-heap-flags.ts),
 * as a Cloud Functions instance would run it, against the same database:
 * - `first300kSeconds`, `peakRssMB300k`: the first sync (every user created), its peak RSS;
 * - `resyncWrites300k`: users the unchanged re-sync created, updated or removed (the sync's counts);
 * - `onePercentChangeWrites300k`: the same after 1 % of the users' titles changed at Google (must be
 *   exactly that 1 %).
 * - `first300kCpuSeconds`: CPU seconds each of the three processes spent during the first sync (the
 *   sync, the Google fake, the database host): on two cores, whichever is near the wall time bounds
 *   it. SYNC300K_CPU_PROF_DIR=dir writes a V8 CPU profile of each process there (`--cpu-prof`);
 *   SYNC300K_FIRST_ONLY=1 stops after the first sync (no figures: a profiling aid).
 * Last stdout line: {"sync": {...}}.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { TASK_INSTANCE, memoryMiB } from '../../functions/src/tasks/task-instance.js';
import { startFirestoreGrpcHost } from '../support/firestore-grpc-host.js';
import { functionHeapFlags } from './function-heap-flags.js';
import { cpuSecondsOf } from './process-cpu.js';

const USERS = Number(process.env.SYNC300K_USERS ?? 300_000);
const flags = functionHeapFlags(memoryMiB(TASK_INSTANCE.memory));
const log = (m: string) => process.stderr.write(`sync300k bench: ${m}\n`);
const profDir = process.env.SYNC300K_CPU_PROF_DIR;
const profile = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];

const fake = fork(fileURLToPath(new URL('./google-fake-process.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx', ...profile], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
const ask = async <T>(message: unknown): Promise<T> => {
  fake.send(message as object);
  return (await once(fake, 'message'))[0] as T;
};
const { env: fakeEnv } = await ask<{ env: Record<string, string> }>({ users: USERS });
// A loaded shared machine can take longer than the default 20 s to start the host.
const host = await startFirestoreGrpcHost({ execArgv: profile, timeoutMs: 120_000 });
const fakeCpuSeconds = async () => {
  const { cpu } = await ask<{ cpu: NodeJS.CpuUsage }>({ cpu: true });
  return (cpu.user + cpu.system) / 1e6;
};

interface Result {
  status: string;
  error: string | null;
  counts: Record<string, number>;
  seconds: number;
  cpuSeconds: number;
  gcSeconds: Record<string, number>;
  peakRssMB: number;
}
/** The database's rate for the same documents, written with the sync's commit pattern by a process doing nothing else (bulk-write-process.ts). */
async function bulkWriteInOwnProcess(): Promise<{ docs: number; writeSeconds: number; writeCpuSeconds: number; readSeconds: number }> {
  const { FIRESTORE_EMULATOR_HOST: _ignored, ...env } = process.env;
  const child = fork(fileURLToPath(new URL('./bulk-write-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...flags],
    env: { ...env, FIRESTORE_GRPC_HOST: host.host, SYNC_BENCH_TENANT: 'bench' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let result: { docs: number; writeSeconds: number; writeCpuSeconds: number; readSeconds: number } | undefined;
  child.on('message', (m) => (result = m as typeof result));
  const [code] = await once(child, 'exit');
  if (!result) throw new Error(`the bulk write process exited (${String(code)}) without a result`);
  return result;
}

async function syncInOwnProcess(): Promise<Result> {
  const { FIRESTORE_EMULATOR_HOST: _ignored, ...env } = process.env;
  const client = fork(fileURLToPath(new URL('./sync-client-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...flags, ...profile],
    env: { ...env, ...fakeEnv, FIRESTORE_GRPC_HOST: host.host, SYNC_BENCH_TENANT: 'bench' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let result: Result | undefined;
  client.on('message', (m) => (result = m as Result));
  const [code] = await once(client, 'exit');
  if (!result) throw new Error(`the sync process exited (${String(code)}) without a result`);
  if (result.status !== 'done') throw new Error(`sync ended ${result.status}: ${result.error}`);
  return result;
}
const writesOf = (c: Record<string, number>) => (c.created ?? 0) + (c.updated ?? 0) + (c.removed ?? 0);

try {
  log(`${USERS} users, first sync (${flags.join(' ')})`);
  const [fake0, host0] = [await fakeCpuSeconds(), cpuSecondsOf(host.pid)];
  const first = await syncInOwnProcess();
  const cpu = { sync: first.cpuSeconds, syncGc: first.gcSeconds, googleFake: (await fakeCpuSeconds()) - fake0, database: cpuSecondsOf(host.pid) - host0 };
  if (first.counts.created !== USERS) throw new Error(`expected ${USERS} created, got ${JSON.stringify(first.counts)}`);
  log(`first sync ${first.seconds.toFixed(1)} s, peak RSS ${first.peakRssMB} MB, CPU s ${JSON.stringify(cpu)}; re-sync`);
  if (process.env.SYNC300K_FIRST_ONLY) throw new Error('SYNC300K_FIRST_ONLY: stopped after the first sync (profiling aid; no figures)');
  const bulk = await bulkWriteInOwnProcess();
  if (bulk.docs !== USERS) throw new Error(`the bulk write copied ${bulk.docs} users, not ${USERS}`);
  log(`the same ${bulk.docs} documents written alone: ${bulk.writeSeconds.toFixed(1)} s, ${bulk.writeCpuSeconds.toFixed(1)} CPU s (read first, untimed: ${bulk.readSeconds.toFixed(1)} s)`);
  const resync = await syncInOwnProcess();
  const changed = Math.round(USERS / 100);
  await ask({ change: changed });
  log(`re-sync ${JSON.stringify(resync.counts)}; 1 % changed`);
  const onePercent = await syncInOwnProcess();
  const figures = {
    users300k: USERS,
    first300kRatio: Number((USERS / first.seconds / (bulk.docs / bulk.writeSeconds)).toFixed(3)),
    first300kCpuPerUserRatio: Number((first.cpuSeconds / USERS / (bulk.writeCpuSeconds / bulk.docs)).toFixed(3)),
    bulkWrite300kSeconds: Number(bulk.writeSeconds.toFixed(1)),
    bulkWrite300kCpuSeconds: Number(bulk.writeCpuSeconds.toFixed(1)),
    first300kSeconds: Number(first.seconds.toFixed(1)),
    first300kUsersPerSec: Math.round(USERS / first.seconds),
    first300kCpuSeconds: { sync: Number(cpu.sync.toFixed(1)), googleFake: Number(cpu.googleFake.toFixed(1)), database: Number(cpu.database.toFixed(1)) },
    first300kSyncGcSeconds: first.gcSeconds,
    peakRssMB300k: first.peakRssMB,
    resyncWrites300k: writesOf(resync.counts),
    onePercentChanged300k: changed,
    onePercentChangeWrites300k: writesOf(onePercent.counts),
    resyncPeakRssMB300k: resync.peakRssMB,
    heapFlags300k: flags.join(' '),
  };
  log(JSON.stringify(figures));
  process.stdout.write(JSON.stringify({ sync: figures }) + '\n');
} finally {
  await host.stop();
  fake.send({ stop: true });
  await once(fake, 'exit');
}
process.exit(0);
