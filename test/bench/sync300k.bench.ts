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
 * Last stdout line: {"sync": {...}}.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { TASK_INSTANCE, memoryMiB } from '../../functions/src/jobs/task-instance.js';
import { startFirestoreGrpcHost } from '../support/firestore-grpc-host.js';
import { functionHeapFlags } from './function-heap-flags.js';

const USERS = Number(process.env.SYNC300K_USERS ?? 300_000);
const flags = functionHeapFlags(memoryMiB(TASK_INSTANCE.memory));
const log = (m: string) => process.stderr.write(`sync300k bench: ${m}\n`);

const fake = fork(fileURLToPath(new URL('./google-fake-process.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
const ask = async <T>(message: unknown): Promise<T> => {
  fake.send(message as object);
  return (await once(fake, 'message'))[0] as T;
};
const { env: fakeEnv } = await ask<{ env: Record<string, string> }>({ users: USERS });
const host = await startFirestoreGrpcHost();

interface Result {
  status: string;
  error: string | null;
  counts: Record<string, number>;
  seconds: number;
  peakRssMB: number;
}
async function syncInOwnProcess(): Promise<Result> {
  const { FIRESTORE_EMULATOR_HOST: _ignored, ...env } = process.env;
  const client = fork(fileURLToPath(new URL('./sync-client-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...flags],
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
  const first = await syncInOwnProcess();
  if (first.counts.created !== USERS) throw new Error(`expected ${USERS} created, got ${JSON.stringify(first.counts)}`);
  log(`first sync ${first.seconds.toFixed(1)} s, peak RSS ${first.peakRssMB} MB; re-sync`);
  const resync = await syncInOwnProcess();
  const changed = Math.round(USERS / 100);
  await ask({ change: changed });
  log(`re-sync ${JSON.stringify(resync.counts)}; 1 % changed`);
  const onePercent = await syncInOwnProcess();
  const figures = {
    users300k: USERS,
    first300kSeconds: Number(first.seconds.toFixed(1)),
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
