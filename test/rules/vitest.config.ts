import { defineConfig } from 'vitest/config';

/** `npm run test:rules`: needs the official Firestore emulator (Java 21), started by `firebase emulators:exec`. */
export default defineConfig({
  test: {
    include: ['test/rules/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
