import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';
import { stopProcessGroup } from './stop-process-group.js';

export interface AuthEmulator {
  /** host:port, the value of FIREBASE_AUTH_EMULATOR_HOST. */
  host: string;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the firebase-tools Auth emulator (pure Node) on `port`, importing accounts from
 * `importDir`. Hub and logging ports are picked free so several emulators can run side by side.
 */
export async function startAuthEmulator(options: { port: number; projectId: string; importDir?: string; quiet?: boolean }): Promise<AuthEmulator> {
  // With port 0 we pick free ports ourselves; another process may take one before the emulator
  // binds it, so a "port taken" start is retried on new ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (err) {
      if (options.port || attempt >= 4 || !/port taken|EADDRINUSE/i.test(String(err))) throw err;
    }
  }
}

async function startOnce(options: { port: number; projectId: string; importDir?: string; quiet?: boolean }): Promise<AuthEmulator> {
  const require = createRequire(import.meta.url);
  const cli = require.resolve('firebase-tools/lib/bin/firebase.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-auth-'));
  const port = options.port || (await freePort());
  const config = {
    emulators: {
      auth: { host: '127.0.0.1', port },
      hub: { host: '127.0.0.1', port: await freePort() },
      logging: { host: '127.0.0.1', port: await freePort() },
      ui: { enabled: false },
    },
  };
  writeFileSync(path.join(dir, 'firebase.json'), JSON.stringify(config));
  const args = [cli, 'emulators:start', '--only', 'auth', '--project', options.projectId, '--config', path.join(dir, 'firebase.json')];
  if (options.importDir) args.push('--import', options.importDir);

  const child = spawn(process.execPath, args, {
    cwd: dir,
    env: { ...process.env, FIREBASE_AUTH_EMULATOR_HOST: '', NO_UPDATE_NOTIFIER: '1', FIREBASE_CLI_DISABLE_TELEMETRY: '1', CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (!options.quiet) process.stderr.write(chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(url, options.projectId, child, () => output);
  return {
    host: `127.0.0.1:${port}`,
    url,
    stop: () => stopChild(child).finally(() => rmSync(dir, { recursive: true, force: true })),
  };
}

async function waitUntilUp(url: string, projectId: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Auth emulator exited (${child.exitCode}):\n${output().slice(-2000)}`);
    try {
      const res = await fetch(`${url}/emulator/v1/projects/${projectId}/config`);
      if (res.ok || res.status === 404) {
        // The port answers before the import finishes: wait for the "ready" line.
        if (/All emulators ready|emulators started/i.test(output())) return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stopChild(child);
  throw new Error(`Auth emulator did not start within 90 s:\n${output().slice(-2000)}`);
}

/** SIGINT lets firebase-tools export on exit; the whole process group goes if it hangs. */
const stopChild = (child: ChildProcess) => stopProcessGroup(child, 'SIGINT', 15_000);

/**
 * Saves the emulator's accounts in the folder format `--import` reads. Done through this
 * emulator's own REST API rather than `--export-on-exit`, which finds "the" running hub by project
 * id and may export another emulator of the same demo project.
 */
export async function exportAuthState(emulator: AuthEmulator, projectId: string, dir: string): Promise<number> {
  const users: unknown[] = [];
  let pageToken: string | undefined;
  do {
    const url = new URL(`${emulator.url}/identitytoolkit.googleapis.com/v1/projects/${projectId}/accounts:batchGet`);
    url.searchParams.set('maxResults', '1000');
    if (pageToken) url.searchParams.set('nextPageToken', pageToken);
    const res = await fetch(url, { headers: { authorization: 'Bearer owner' } });
    if (!res.ok) throw new Error(`Auth emulator export failed: HTTP ${res.status}`);
    const page = (await res.json()) as { users?: unknown[]; nextPageToken?: string };
    users.push(...(page.users ?? []));
    pageToken = page.nextPageToken;
  } while (pageToken);
  mkdirSync(path.join(dir, 'auth_export'), { recursive: true });
  writeFileSync(path.join(dir, 'auth_export', 'accounts.json'), JSON.stringify({ kind: 'identitytoolkit#DownloadAccountResponse', users }));
  writeFileSync(path.join(dir, 'firebase-export-metadata.json'), JSON.stringify({ auth: { version: 'herald', path: 'auth_export' } }));
  return users.length;
}
