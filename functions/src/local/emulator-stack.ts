import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initializeApp, deleteApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { DEV_DEFAULTS } from '../core/config.js';
import { startFirestoreEmulator, type FirestoreEmulator } from './firestore-emulator.js';
import { loadState, type StateFile } from './firestore-state.js';
import { startCloudStorageFake } from '../../../test/fakes/cloud-storage-fake.js';
import { freePort } from './free-port.js';
import { writePubsubLauncher } from './pubsub-emulator.js';
import { invokeSchedule, startCloudSchedulerStandIn } from './cloud-scheduler-stand-in.js';
import type { ScheduleName } from '../tasks/schedules.js';

/**
 * Herald as deployed, on one machine: the real `functions/src/index.ts` exports (built to
 * functions/lib) in firebase-tools' Functions, Hosting, Auth, Cloud Tasks and Pub/Sub emulators,
 * against the official Firestore emulator (started here: firebase-tools refuses the Java 17 these
 * machines have), seeded with the demo tenants like `npm start`.
 *
 * Scheduled functions: the Functions emulator loads an `onSchedule` function only when its Pub/Sub
 * emulator runs (the official one from the Debian package, on our Java: pubsub-emulator.ts), and
 * never fires it; `runSchedule` and, with `scheduler`, the schedules' own crons POST to it as Cloud
 * Scheduler does (cloud-scheduler-stand-in.ts).
 *
 * In the Functions emulator the code runs as in Cloud Functions (FUNCTION_TARGET is set), so it
 * reads params and secrets, never the dev defaults: this writes them, from the public dev values,
 * to functions/.env.local and functions/.secret.local (both emulator-only, git-ignored).
 */
export interface EmulatorStack {
  hostingUrl: string;
  authHost: string;
  firestoreHost: string;
  functionsUrl: string;
  storageUrl: string;
  /** host:port of the Pub/Sub emulator (firebase-tools' PUBSUB_EMULATOR_HOST for the functions). */
  pubsubHost: string;
  /** Runs a scheduled function now, as Cloud Scheduler would; resolves once it answered 2xx. */
  runSchedule(name: ScheduleName): Promise<void>;
  stop(): Promise<void>;
}

interface Ports {
  auth: number;
  firestore: number;
  functions: number;
  tasks: number;
  hosting: number;
  pubsub: number;
  hub: number;
  logging: number;
}

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PROJECT = 'demo-herald';
const FUNCTION_REGION = 'europe-west1';
const BUCKET = 'demo-herald-exports';

function firebaseJsonPorts(): Ports {
  const config = JSON.parse(readFileSync(path.join(ROOT, 'firebase.json'), 'utf8')) as { emulators: Record<string, { port?: number }> };
  const e = config.emulators;
  return { auth: e.auth!.port!, firestore: e.firestore!.port!, functions: e.functions!.port!, tasks: e.tasks!.port!, hosting: e.hosting!.port!, pubsub: e.pubsub!.port!, hub: 4400, logging: 4500 };
}

async function run(cmd: string, args: string[], quiet: boolean): Promise<void> {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: quiet ? 'ignore' : 'inherit' });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${code})`);
}

export async function startEmulatorStack(options: { freePorts?: boolean; quiet?: boolean; build?: boolean; scheduler?: boolean } = {}): Promise<EmulatorStack> {
  const quiet = options.quiet ?? false;
  const ports: Ports = options.freePorts
    ? { auth: await freePort(), firestore: 0, functions: await freePort(), tasks: await freePort(), hosting: await freePort(), pubsub: await freePort(), hub: await freePort(), logging: await freePort() }
    : firebaseJsonPorts();
  if (options.build ?? true) {
    await run('npm', ['run', 'build:functions'], quiet);
    await run('npm', ['run', 'build:hosting'], quiet);
  }
  const firestore: FirestoreEmulator = await startFirestoreEmulator({ quiet: true, ...(ports.firestore ? { port: ports.firestore } : {}) });
  // firebase-tools' Storage emulator needs Java 21 for its rules runtime: the export files go to the
  // local Cloud Storage JSON API server the tests use; the functions' client finds it through
  // STORAGE_EMULATOR_HOST (read by @google-cloud/storage itself).
  const storage = await startCloudStorageFake({ buckets: [BUCKET] });
  const cleanup: (() => Promise<unknown>)[] = [() => firestore.stop(), () => storage.close()];
  let scheduler: { stop(): void } | undefined;
  let firebase: ChildProcess | undefined;
  const stop = async () => {
    scheduler?.stop();
    if (firebase && firebase.exitCode === null) {
      const exited = new Promise((resolve) => firebase!.once('exit', resolve));
      process.kill(-firebase.pid!, 'SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (firebase.exitCode === null) process.kill(-firebase.pid!, 'SIGKILL');
    }
    for (const c of cleanup.reverse()) await c().catch(() => {});
  };
  try {
    // Seed the demo tenants (links point at the Hosting emulator, which rewrites /c and /v to the links function).
    const linkHost = `127.0.0.1:${ports.hosting}`;
    const app = initializeApp({ projectId: PROJECT }, `seed-${process.pid}`);
    const db = getFirestore(app);
    db.settings({ host: firestore.host, ssl: false, ignoreUndefinedProperties: true });
    const seed = JSON.parse(readFileSync(path.join(ROOT, 'emulator-data/firestore-seed.json'), 'utf8')) as StateFile;
    await loadState(db, seed, { origin: `http://${linkHost}` });
    await db.terminate();
    await deleteApp(app);

    const envLocal = path.join(ROOT, 'functions/.env.local');
    const secretLocal = path.join(ROOT, 'functions/.secret.local');
    await writeFile(envLocal, [`HERALD_REGION=${DEV_DEFAULTS.HERALD_REGION}`, `HERALD_FUNCTION_REGION=${FUNCTION_REGION}`, `LINK_HOST=${linkHost}`, `STORAGE_BUCKET=${BUCKET}`, 'PEER_LOCATOR_URL=', 'MICROSOFT_CLIENT_ID=', ''].join('\n'));
    await writeFile(
      secretLocal,
      [
        `LINK_KEYS='${DEV_DEFAULTS.LINK_KEYS}'`,
        `UNINSTALL_WEBHOOK_SECRET=${DEV_DEFAULTS.UNINSTALL_WEBHOOK_SECRET}`,
        `RECIPIENT_KEYS='${DEV_DEFAULTS.RECIPIENT_KEYS}'`,
        'GOOGLE_SERVICE_ACCOUNT_KEY=none',
        'MICROSOFT_CLIENT_SECRET=none',
        '',
      ].join('\n'),
    );
    cleanup.push(() => rm(envLocal, { force: true }), () => rm(secretLocal, { force: true }));

    // A copy of firebase.json: the Hosting emulator sends a rewrite without `region` to us-central1
    // (a deploy finds the function's region itself), so the copy names the region; free ports on request.
    const config = JSON.parse(readFileSync(path.join(ROOT, 'firebase.json'), 'utf8')) as {
      emulators: Record<string, unknown>;
      hosting: { rewrites: { function?: Record<string, unknown> }[] };
      storage?: unknown;
    };
    for (const rewrite of config.hosting.rewrites) if (rewrite.function) rewrite.function.region = FUNCTION_REGION;

    if (options.freePorts) {
      config.emulators = {
        ...config.emulators,
        auth: { host: '127.0.0.1', port: ports.auth },
        functions: { host: '127.0.0.1', port: ports.functions },
        tasks: { host: '127.0.0.1', port: ports.tasks },
        hosting: { host: '127.0.0.1', port: ports.hosting },
        pubsub: { host: '127.0.0.1', port: ports.pubsub },
        hub: { host: '127.0.0.1', port: ports.hub },
        logging: { host: '127.0.0.1', port: ports.logging },
      };
    }
    // Beside firebase.json: firebase-tools resolves the functions and hosting folders from the config's directory.
    const file = path.join(ROOT, `.firebase-emulators-${process.pid}.json`);
    await writeFile(file, JSON.stringify(config, null, 2));
    cleanup.push(() => rm(file, { force: true }));
    const configArgs = ['--config', file];
    const launcherDir = await mkdtemp(path.join(tmpdir(), 'herald-pubsub-'));
    cleanup.push(() => rm(launcherDir, { recursive: true, force: true }));
    const pubsubLauncher = await writePubsubLauncher(launcherDir);
    const bin = path.join(ROOT, 'node_modules/.bin/firebase');
    firebase = spawn(bin, ['emulators:start', '--only', 'functions,hosting,auth,tasks,pubsub', '--project', PROJECT, '--import', 'emulator-data', ...configArgs], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // PUBSUB_EMULATOR_BINARY_PATH: firebase-tools starts this launcher instead of downloading its own copy.
      env: { ...process.env, FIRESTORE_EMULATOR_HOST: firestore.host, STORAGE_EMULATOR_HOST: storage.url, GCLOUD_PROJECT: PROJECT, PUBSUB_EMULATOR_BINARY_PATH: pubsubLauncher },
    });
    let output = '';
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-20_000);
        if (!quiet) process.stdout.write(chunk);
        if (/All emulators ready/i.test(output)) resolve();
      };
      firebase!.stdout!.on('data', onData);
      firebase!.stderr!.on('data', onData);
      firebase!.once('exit', (code) => reject(new Error(`firebase emulators:start exited (${code}):\n${output.slice(-3000)}`)));
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`emulators not ready after 5 minutes:\n${output.slice(-3000)}`)), 300_000);
    });
    try {
      await Promise.race([ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
    const functionsUrl = `http://127.0.0.1:${ports.functions}/${PROJECT}/${FUNCTION_REGION}`;
    if (options.scheduler) {
      scheduler = startCloudSchedulerStandIn({
        functionsUrl,
        region: FUNCTION_REGION,
        onError: (name, err) => process.stderr.write(`scheduled run of ${name} failed: ${err instanceof Error ? err.message : String(err)}\n`),
      });
    }
    return {
      hostingUrl: `http://127.0.0.1:${ports.hosting}`,
      authHost: `127.0.0.1:${ports.auth}`,
      firestoreHost: firestore.host,
      storageUrl: storage.url,
      functionsUrl,
      pubsubHost: `127.0.0.1:${ports.pubsub}`,
      runSchedule: (name) => invokeSchedule(functionsUrl, FUNCTION_REGION, name),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
