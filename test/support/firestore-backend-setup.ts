import { inject } from 'vitest';

/**
 * Points this worker's firebase-admin clients at the run's official Firestore emulator (the
 * SDK reads FIRESTORE_EMULATOR_HOST), or leaves it unset for the in-memory project.
 */
const host = inject('firestoreEmulatorHost');
if (host) process.env.FIRESTORE_EMULATOR_HOST = host;
else delete process.env.FIRESTORE_EMULATOR_HOST;
