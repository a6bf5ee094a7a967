import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The emulator-backed suite (test/rules, part of `npm test`) tests every case; this keeps the rules' shape. */
describe('firestore.rules', () => {
  const rules = readFileSync('firestore.rules', 'utf8').replace(/\/\/.*$/gm, '');

  it('allows clients nothing: every allow is `if false`, under one catch-all match', () => {
    const allows = [...rules.matchAll(/allow ([\w, ]+):\s*if ([^;]+);/g)];
    expect(allows.length).toBeGreaterThan(0);
    for (const [, , condition] of allows) expect(condition!.trim()).toBe('false');
    expect(rules).toMatch(/match \/\{document=\*\*\} \{\s*allow read, write: if false;\s*\}/);
  });
});
