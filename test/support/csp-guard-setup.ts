import { afterEach, expect } from 'vitest';
import { takeCspViolations } from './browser.js';

/** Every browser test of the console fails on any Content-Security-Policy violation (test/support/browser.ts records them). */
afterEach(() => {
  expect(takeCspViolations(), 'Content-Security-Policy violations').toEqual([]);
});
