import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPubsubEmulatorJar, writePubsubLauncher } from '../../functions/src/local/pubsub-emulator.js';

/** An SDK root laid out like the Debian package google-cloud-cli-pubsub-emulator, in a folder with a quote and a space. */
const root = mkdtempSync(path.join(tmpdir(), "herald sdk's-"));
const lib = path.join(root, 'platform/pubsub-emulator/lib');
mkdirSync(lib, { recursive: true });
for (const name of ['cloud-pubsub-emulator-0.8.9-all.jar', 'cloud-pubsub-emulator-0.8.20-all.jar', 'README.txt']) writeFileSync(path.join(lib, name), '');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the Pub/Sub emulator launcher (npm run emulators, test:deployed)', () => {
  it('takes PUBSUB_EMULATOR_JAR first, else the newest jar of the SDK', () => {
    const own = path.join(lib, 'cloud-pubsub-emulator-0.8.9-all.jar');
    expect(findPubsubEmulatorJar({ PUBSUB_EMULATOR_JAR: own, CLOUDSDK_ROOT_DIR: root })).toBe(own);
    expect(findPubsubEmulatorJar({ CLOUDSDK_ROOT_DIR: root })).toBe(path.join(lib, 'cloud-pubsub-emulator-0.8.20-all.jar'));
  });

  it('writes an executable launcher that runs the jar on the chosen Java with the arguments firebase-tools passes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-launcher-'));
    try {
      // `echo` stands in for Java: the launcher's command line is what it prints.
      const file = await writePubsubLauncher(dir, { JAVA: '/bin/echo', CLOUDSDK_ROOT_DIR: root });
      expect(statSync(file).mode & 0o111).toBe(0o111);
      const jar = path.join(lib, 'cloud-pubsub-emulator-0.8.20-all.jar');
      expect(execFileSync('/bin/sh', ['-c', `'${file}' --port=8085 --host=127.0.0.1`], { encoding: 'utf8' }).trim()).toBe(`-Duser.language=en -jar ${jar} --port=8085 --host=127.0.0.1`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
