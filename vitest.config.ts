import { defineConfig } from 'vitest/config';

// The integration suite runs on the official Firestore emulator (Java, started once by the global
// setup). HERALD_TEST_FIRESTORE=memory (npm run test:memory) runs it on the in-memory Firestore
// instead: no Java needed, quicker, but not the reference (it sums aggregates differently, say).
const onEmulator = process.env.HERALD_TEST_FIRESTORE !== 'memory';
const firestoreSetup = onEmulator ? ['test/support/global-firestore-emulator.ts'] : [];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          sequence: { groupOrder: 0 },
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          sequence: { groupOrder: 0 },
          environment: 'node',
          globalSetup: ['test/support/global-auth-emulator.ts', ...firestoreSetup],
          setupFiles: ['test/support/firestore-backend-setup.ts', 'test/support/catalog-guard-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // firestore.rules on the official emulator, every collection × caller × operation.
          name: 'rules',
          include: ['test/rules/**/*.test.ts'],
          sequence: { groupOrder: 0 },
          environment: 'node',
          globalSetup: ['test/support/global-firestore-emulator.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Fails any test during which a page broke its Content-Security-Policy.
          setupFiles: ['test/support/csp-guard-setup.ts'],
          // After the others: the browser tests start the whole app and should not share the CPU with them.
          sequence: { groupOrder: 1 },
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
