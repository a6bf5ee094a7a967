import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig, readLocalHostConfig } from '../core/config.js';
import type { Logger } from '../core/ports.js';
import { exportAuthState, startAuthEmulator, type AuthEmulator } from './auth-emulator.js';
import { dumpState, loadState, type StateFile } from './firestore-state.js';
import { startDemoStandIns, type DemoStandIns } from './demo-stand-ins.js';
import { createLocalDeps, type LocalDeps } from './local-deps.js';
import { loadDemoImages } from './demo-images.js';
import { startLocalScheduler } from './local-scheduler.js';
import { createLocalServer } from './local-server.js';
import { seedDemoHistory } from './seed-history.js';
import { seedDemoAbTest } from './seed-ab-test.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SEED_DIR = path.join(REPO_ROOT, 'emulator-data');

export interface LocalHost {
  url: string;
  auth: AuthEmulator;
  deps: LocalDeps;
  /** The demo's stand-ins of Google's and Microsoft's APIs (never started in production). */
  standIns: DemoStandIns;
  stop(): Promise<void>;
}

/**
 * Starts everything `npm start` runs: the Auth emulator with the demo accounts, then one HTTP
 * server over an in-memory Firestore seeded from emulator-data/ (or the saved state when
 * HERALD_PERSIST=1 and a previous run saved one).
 */
/** How long a stop waits for requests under way. */
const DRAIN_MS = 5000;

export async function startLocalHost(env: NodeJS.ProcessEnv = process.env, options: { log?: Logger; quiet?: boolean } = {}): Promise<LocalHost> {
  const local = readLocalHostConfig(env);
  const stateDir = path.resolve(REPO_ROOT, local.stateDir);
  const stateFile = path.join(stateDir, 'firestore.json');
  const authState = path.join(stateDir, 'auth');
  const resume = local.persist && existsSync(stateFile) && existsSync(path.join(authState, 'firebase-export-metadata.json'));

  const auth = await startAuthEmulator({
    port: local.authPort,
    projectId: 'demo-herald',
    importDir: resume ? authState : SEED_DIR,
    quiet: options.quiet ?? false,
  });
  process.env.FIREBASE_AUTH_EMULATOR_HOST = auth.host;

  let deps: LocalDeps | undefined;
  let standIns: DemoStandIns | undefined;
  try {
    const port = local.port;
    // Acme's Google Workspace and Initech's Microsoft 365, played locally; what the caller's env names wins (a test's own fake).
    standIns = await startDemoStandIns(JSON.parse(readFileSync(path.join(SEED_DIR, 'firestore-seed.json'), 'utf8')) as StateFile);
    const config = readConfig({ ...standIns.env, ...env, GCLOUD_PROJECT: 'demo-herald', LINK_HOST: env.LINK_HOST || `localhost:${port}` });
    deps = createLocalDeps({ config, ...(local.firestoreEmulatorHost ? { firestoreEmulatorHost: local.firestoreEmulatorHost } : {}), ...(options.log ? { log: options.log } : {}) });
    const state = JSON.parse(readFileSync(resume ? stateFile : path.join(SEED_DIR, 'firestore-seed.json'), 'utf8')) as StateFile;
    await loadState(deps.db, state, { origin: config.linkBaseUrl });
    // The demo's logo and banner, hosted like uploaded images (the seed shows them at $origin/img/…).
    await loadDemoImages(deps.files, SEED_DIR);
    // 60 days of demo views and clicks, written as the tracker writes them (idempotent: kept days stay).
    // First the running A/B test's days (its campaign and its variants' counts), then the rest.
    await seedDemoAbTest(deps.db, deps.now());
    await seedDemoHistory(deps.db, deps.now());
    const scheduler = startLocalScheduler(deps);
    const app = createLocalServer({ deps, hostingDir: path.join(REPO_ROOT, 'hosting/dist'), authEmulatorUrl: auth.url.replace('127.0.0.1', 'localhost'), demo: { simulated: standIns.simulated, controlsUrl: standIns.controlsUrl } });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(port, '127.0.0.1', () => resolve(s)).on('error', reject);
    });
    const actualPort = (server.address() as { port: number }).port;
    standIns.setHeraldUrl(`http://127.0.0.1:${actualPort}`);
    const liveDeps = deps;
    const liveStandIns = standIns;
    let stopping: Promise<void> | undefined;
    return {
      url: `http://localhost:${actualPort}`,
      auth,
      deps: liveDeps,
      standIns: liveStandIns,
      stop: () =>
        (stopping ??= (async () => {
          scheduler.stop();
          // Requests under way finish before the database closes (a report still folding a day,
          // say, would otherwise query a terminated client); idle connections go now, and any
          // request still open after DRAIN_MS is cut.
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          server.closeIdleConnections();
          const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
          await closed;
          clearTimeout(cut);
          await liveDeps.tasks.windDown();
          if (local.persist) {
            mkdirSync(stateDir, { recursive: true });
            writeFileSync(stateFile, JSON.stringify(await dumpState(liveDeps.db)));
            await exportAuthState(auth, 'demo-herald', authState);
          }
          await liveDeps.close();
          await liveStandIns.stop();
          await auth.stop();
        })()),
    };
  } catch (err) {
    await deps?.close();
    await standIns?.stop();
    await auth.stop();
    throw err;
  }
}
