import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';
import { javaCommand } from './java-command.js';
import { stopProcessGroup } from './stop-process-group.js';

export interface FirestoreEmulator {
  /** host:port, the value of FIRESTORE_EMULATOR_HOST. */
  host: string;
  port: number;
  /** The emulator's version, as its jar names it (e.g. "1.20.2" or the SDK component version). */
  version: string;
  /** The emulator's (Java) process id, e.g. to read its CPU time. */
  pid: number;
  stop(): Promise<void>;
}

/** Where the official emulator's jar may sit, in the order we look. */
function candidateJars(env: NodeJS.ProcessEnv): string[] {
  const found: string[] = [];
  if (env.FIRESTORE_EMULATOR_JAR) found.push(env.FIRESTORE_EMULATOR_JAR);
  // The Google Cloud SDK component (Debian package google-cloud-cli-firestore-emulator).
  const sdkRoots = [env.CLOUDSDK_ROOT_DIR, '/usr/lib/google-cloud-sdk', '/usr/share/google-cloud-sdk', '/opt/google-cloud-sdk', path.join(homedir(), 'google-cloud-sdk')];
  for (const root of sdkRoots) if (root) found.push(path.join(root, 'platform/cloud-firestore-emulator/cloud-firestore-emulator.jar'));
  // firebase-tools' own download cache (it needs Java 21 and a network to fill it).
  const cache = path.join(homedir(), '.cache/firebase/emulators');
  if (existsSync(cache)) {
    for (const name of readdirSync(cache).sort().reverse()) if (/^cloud-firestore-emulator-v[\d.]+\.jar$/.test(name)) found.push(path.join(cache, name));
  }
  return found;
}

export function findFirestoreEmulatorJar(env: NodeJS.ProcessEnv = process.env): string {
  const jar = candidateJars(env).find((file) => existsSync(file));
  if (jar) return jar;
  throw new Error(
    'The official Cloud Firestore emulator was not found. Install it with `apt-get install google-cloud-cli-firestore-emulator` ' +
      '(Google Cloud SDK apt repository) or `gcloud components install cloud-firestore-emulator`, or run `firebase setup:emulators:firestore` ' +
      'with Java 21+, or point FIRESTORE_EMULATOR_JAR at cloud-firestore-emulator*.jar. It needs Java 11 or newer on PATH (or JAVA).',
  );
}

function jarVersion(jar: string): string {
  const fromName = /v?(\d+\.\d+\.\d+)\.jar$/.exec(path.basename(jar));
  if (fromName) return fromName[1]!;
  // The SDK component names its version in the install snapshot: components[].version.version_string.
  const snapshot = path.resolve(path.dirname(jar), '../../.install/cloud-firestore-emulator.snapshot.json');
  try {
    const parsed = JSON.parse(readFileSync(snapshot, 'utf8')) as { components?: { id?: string; version?: { version_string?: string } }[] };
    const version = parsed.components?.find((c) => c.id === 'cloud-firestore-emulator')?.version?.version_string;
    if (version) return version;
  } catch {
    /* the version is informative only */
  }
  return 'unknown';
}

/**
 * Starts the official Cloud Firestore emulator (a Java program) on 127.0.0.1. The jar has no
 * Main-Class and firebase-tools insists on Java 21, so we start its main class ourselves on
 * whatever Java is installed (17 works). With port 0 a free port is picked, retried if taken.
 */
export async function startFirestoreEmulator(options: { port?: number; rules?: string; quiet?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<FirestoreEmulator> {
  const env = options.env ?? process.env;
  const jar = findFirestoreEmulatorJar(env);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(jar, options, env);
    } catch (err) {
      if (options.port || attempt >= 4 || !/BindException|Address already in use|port/i.test(String(err))) throw err;
    }
  }
}

async function startOnce(jar: string, options: { port?: number; rules?: string; quiet?: boolean }, env: NodeJS.ProcessEnv): Promise<FirestoreEmulator> {
  const port = options.port || (await freePort());
  const java = javaCommand(env);
  const args = ['-Duser.language=en', '-Xss2m', '-cp', jar, 'com.google.cloud.datastore.emulator.firestore.CloudFirestore', 'start', '--host=127.0.0.1', `--port=${port}`];
  if (options.rules) args.push(`--rules=${options.rules}`);
  const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (!options.quiet) process.stderr.write(chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const spawnError = new Promise<never>((_, reject) => child.once('error', (err) => reject(new Error(`could not start Java for the Firestore emulator (${java}): ${err.message}. It needs Java 11 or newer: install one (Debian: apt-get install openjdk-17-jre-headless) or point JAVA or JAVA_HOME at it.`))));

  const host = `127.0.0.1:${port}`;
  await Promise.race([waitUntilUp(host, child, () => output), spawnError]);
  return { host, port, version: jarVersion(jar), pid: child.pid!, stop: () => stopChild(child) };
}

async function waitUntilUp(host: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Firestore emulator exited (${child.exitCode}):\n${output().slice(-2000)}`);
    try {
      const res = await fetch(`http://${host}/`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stopChild(child);
  throw new Error(`Firestore emulator did not start within 60 s:\n${output().slice(-2000)}`);
}

const stopChild = (child: ChildProcess) => stopProcessGroup(child, 'SIGTERM', 5_000);
