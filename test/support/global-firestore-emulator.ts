import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startFirestoreEmulator, type FirestoreEmulator } from '../../functions/src/local/firestore-emulator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the official Firestore emulator; '' when the project runs on the in-memory Firestore. */
    firestoreEmulatorHost: string;
  }
}

/**
 * One official Cloud Firestore emulator (Java) for the whole run, shared by every project that
 * lists this setup (integration, rules): each test environment then takes a database id of its
 * own on it, so parallel files never see each other's documents. It starts with firestore.rules
 * (`--rules`); the Admin SDK bypasses rules, client SDK contexts (the rules suite) are held to them.
 * A FIRESTORE_EMULATOR_HOST already set (an emulator you started yourself) is used as it is.
 * Without a jar or Java the launcher's error says how to get one, and the run stops there.
 */
const shared = globalThis as { __heraldFirestoreEmulator?: { started: Promise<FirestoreEmulator>; users: number } };

export default async function setup(project: TestProject) {
  const existing = process.env.FIRESTORE_EMULATOR_HOST;
  if (existing) {
    project.provide('firestoreEmulatorHost', existing);
    return;
  }
  if (!shared.__heraldFirestoreEmulator) {
    const started = startFirestoreEmulator({ quiet: true, rules: path.resolve('firestore.rules') });
    shared.__heraldFirestoreEmulator = { started, users: 0 };
    const emulator = await started;
    process.stderr.write(`Firestore emulator ${emulator.version} (official, Java) at ${emulator.host}\n`);
  }
  const entry = shared.__heraldFirestoreEmulator;
  entry.users++;
  const emulator = await entry.started;
  project.provide('firestoreEmulatorHost', emulator.host);
  return async () => {
    if (--entry.users > 0) return;
    delete shared.__heraldFirestoreEmulator;
    await emulator.stop();
  };
}
