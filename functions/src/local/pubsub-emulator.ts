import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';
import { javaCommand } from './java-command.js';
import { stopProcessGroup } from './stop-process-group.js';

const JAR = /^cloud-pubsub-emulator-([\d.]+)-all\.jar$/;

/** Where the official Pub/Sub emulator's jar may sit, in the order we look. */
function candidateJars(env: NodeJS.ProcessEnv): string[] {
  const found: string[] = [];
  if (env.PUBSUB_EMULATOR_JAR) found.push(env.PUBSUB_EMULATOR_JAR);
  const libs = [env.CLOUDSDK_ROOT_DIR, '/usr/lib/google-cloud-sdk', '/usr/share/google-cloud-sdk', '/opt/google-cloud-sdk', path.join(homedir(), 'google-cloud-sdk')]
    // The Google Cloud SDK component (Debian package google-cloud-cli-pubsub-emulator).
    .flatMap((root) => (root ? [path.join(root, 'platform/pubsub-emulator/lib')] : []));
  // firebase-tools' own download cache (`firebase setup:emulators:pubsub`, which needs a network).
  const cache = path.join(homedir(), '.cache/firebase/emulators');
  if (existsSync(cache)) for (const dir of readdirSync(cache).sort().reverse()) if (/^pubsub-emulator-[\d.]+$/.test(dir)) libs.push(path.join(cache, dir, 'pubsub-emulator/lib'));
  for (const lib of libs) {
    if (!existsSync(lib)) continue;
    const jars = readdirSync(lib).filter((name) => JAR.test(name));
    // The newest version first (numerically: 0.8.20 after 0.8.9).
    jars.sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
    found.push(...jars.map((name) => path.join(lib, name)));
  }
  return found;
}

export function findPubsubEmulatorJar(env: NodeJS.ProcessEnv = process.env): string {
  const jar = candidateJars(env).find((file) => existsSync(file));
  if (jar) return jar;
  throw new Error(
    'The official Cloud Pub/Sub emulator was not found: scheduled functions cannot be loaded in the Functions emulator without it. ' +
      'Install it with `apt-get install google-cloud-cli-pubsub-emulator` (Google Cloud SDK apt repository) or `gcloud components install pubsub-emulator`, ' +
      'or point PUBSUB_EMULATOR_JAR at cloud-pubsub-emulator-*-all.jar. It needs Java 11 or newer on PATH (or JAVA / JAVA_HOME).',
  );
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Writes, into `dir` (ours, temporary), the launcher firebase-tools starts as its Pub/Sub emulator
 * (PUBSUB_EMULATOR_BINARY_PATH): it runs the official jar on our Java. firebase-tools runs it through
 * a shell with `--host=… --port=…` and chmods it 0755 on load, so it must be a file we own (the
 * Debian package's own launcher is root's). Pub/Sub does not fall under firebase-tools' Java 21 check
 * (only emulators it starts as `java` do), so Java 17 serves, as for Firestore.
 */
export async function writePubsubLauncher(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const jar = findPubsubEmulatorJar(env);
  const file = path.join(dir, 'cloud-pubsub-emulator');
  await writeFile(file, ['#!/bin/sh', '# Written by functions/src/local/pubsub-emulator.ts for the emulator stack.', `exec ${shellQuote(javaCommand(env))} -Duser.language=en -jar ${shellQuote(jar)} "$@"`, ''].join('\n'));
  await chmod(file, 0o755);
  return file;
}

export interface PubsubEmulator {
  /** host:port, the value of PUBSUB_EMULATOR_HOST. */
  host: string;
  stop(): Promise<void>;
}

/**
 * Starts the official Pub/Sub emulator (its jar, found as above) on 127.0.0.1 and a free port, for
 * the hit queue's tests and the cost bench, as firestore-emulator.ts does for Firestore. Up once it
 * answers over HTTP (it serves the REST API and gRPC on the one port).
 */
export async function startPubsubEmulator(options: { quiet?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<PubsubEmulator> {
  const env = options.env ?? process.env;
  const jar = findPubsubEmulatorJar(env);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(javaCommand(env), ['-Duser.language=en', '-jar', jar, '--host=127.0.0.1', `--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!options.quiet) process.stderr.write(chunk);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const host = `127.0.0.1:${port}`;
    const failed = new Promise<never>((_, reject) => child.once('error', (err) => reject(new Error(`could not start Java for the Pub/Sub emulator: ${err.message}`))));
    try {
      await Promise.race([waitUntilUp(host, child, () => output), failed]);
      return { host, stop: () => stopProcessGroup(child, 'SIGTERM', 5_000) };
    } catch (err) {
      await stopProcessGroup(child, 'SIGKILL', 1_000);
      if (attempt >= 3 || !/BindException|Address already in use/i.test(String(err))) throw err;
    }
  }
}

async function waitUntilUp(host: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Pub/Sub emulator exited (${child.exitCode}):\n${output().slice(-2000)}`);
    try {
      await fetch(`http://${host}/`);
      return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Pub/Sub emulator did not start within 90 s:\n${output().slice(-2000)}`);
}
