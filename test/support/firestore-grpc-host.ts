/**
 * Starts the in-memory Firestore in a process of its own, served over gRPC: a firebase-admin client
 * pointed at `host` (`settings({ host, ssl: false })`, or FIRESTORE_EMULATOR_HOST) is a real network
 * client, and the database's memory is not the client process's. Used where that matters (the sync
 * benchmark's peak RSS); tests that do not care keep the faster in-process mock.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export interface FirestoreGrpcHost {
  /** `127.0.0.1:PORT` */
  host: string;
  port: number;
  /** The host's process id (e.g. to read its memory). */
  pid: number;
  /** Stops the host; resolves once its process has exited. */
  stop(): Promise<void>;
}

export async function startFirestoreGrpcHost(options: { port?: number; timeoutMs?: number; /** Extra node flags, e.g. `--cpu-prof`. */ execArgv?: string[] } = {}): Promise<FirestoreGrpcHost> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./firestore-grpc-host-process.ts', import.meta.url)), [String(options.port ?? 0)], {
    execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  const timeoutMs = options.timeoutMs ?? 20_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const early = exited.then(([code]) => Promise.reject(new Error(`the Firestore gRPC host exited before it was ready (code ${String(code)})`)));
    // Once the host is up, its (expected) exit later must not count as an unhandled rejection.
    early.catch(() => {});
    const ready = await Promise.race([
      once(child, 'message') as Promise<[{ port: number }]>,
      early,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the Firestore gRPC host was not ready within ${timeoutMs} ms`)), timeoutMs))),
    ]);
    const { port } = ready[0];
    return {
      host: `127.0.0.1:${port}`,
      port,
      pid: child.pid!,
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.send({ stop: true });
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
