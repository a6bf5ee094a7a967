import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startAuthEmulator } from '../../functions/src/local/auth-emulator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    authEmulatorHost: string;
  }
}

/**
 * One firebase-tools Auth emulator for the whole integration run, with the demo accounts imported.
 * Under `firebase emulators:exec` (npm run test:emulator) the running one is reused.
 */
export default async function setup(project: TestProject) {
  const existing = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  if (existing) {
    project.provide('authEmulatorHost', existing);
    return;
  }
  const emulator = await startAuthEmulator({
    port: 0,
    projectId: 'demo-herald',
    importDir: path.resolve('emulator-data'),
    quiet: true,
  });
  project.provide('authEmulatorHost', emulator.host);
  return () => emulator.stop();
}
