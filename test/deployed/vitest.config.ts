import { defineConfig } from 'vitest/config';

/**
 * `npm run test:deployed`: Herald as deployed (the built functions in firebase-tools' emulators,
 * the official Firestore emulator). Apart from `npm test`: it builds and starts the whole stack
 * (about 1.5 to 4 minutes on 2 cores).
 */
export default defineConfig({
  test: {
    include: ['test/deployed/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
