import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * storage.rules: clients get nothing. The Storage emulator could not run here (its rules runtime,
 * cloud-storage-rules-runtime-*.jar, is downloaded from storage.googleapis.com on first use, which
 * this machine cannot reach), so this keeps the rules' shape and that firebase.json deploys them.
 */
describe('storage.rules', () => {
  const rules = readFileSync('storage.rules', 'utf8').replace(/\/\/.*$/gm, '');

  it("is rules_version 2 and denies every read and write on every path of every bucket", () => {
    expect(rules).toMatch(/^\s*rules_version = '2';/);
    expect(rules).toMatch(/service firebase\.storage \{\s*match \/b\/\{bucket\}\/o \{\s*match \/\{allPaths=\*\*\} \{\s*allow read, write: if false;\s*\}\s*\}\s*\}\s*$/);
    const allows = [...rules.matchAll(/allow ([\w, ]+):\s*if ([^;]+);/g)];
    expect(allows.map(([, ops, condition]) => [ops, condition!.trim()])).toEqual([['read, write', 'false']]);
  });

  it('is deployed from firebase.json', () => {
    const firebase = JSON.parse(readFileSync('firebase.json', 'utf8')) as { storage?: { rules?: string } };
    expect(firebase.storage).toEqual({ rules: 'storage.rules' });
  });
});
