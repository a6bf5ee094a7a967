import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog, type CollectionName } from '../../functions/src/catalog.js';

/** The emulator-backed rules tests run with `npm run test:rules`; this checks the rules against the catalog here. */
describe('firestore.rules', () => {
  const rules = readFileSync('firestore.rules', 'utf8');

  it('opens to non-admins only collections that hold no personal data', () => {
    const opened = [...rules.matchAll(/match \/tenants\/\{tenantId\}\/(\w+)\/\{\w+\} \{\s*allow read: if (?:staff|member)\(/g)].map((m) => m[1]!);
    expect(opened.length).toBeGreaterThan(0);
    for (const id of opened) {
      // A match on `…/{id}` without `=**` opens that collection's documents, not their subcollections.
      const entries = (Object.keys(catalog) as CollectionName[]).filter((n) => new RegExp(`^tenants/\\{tenantId\\}/${id}/\\{\\w+\\}$`).test(catalog[n].path));
      expect(entries.length, id).toBeGreaterThan(0);
      for (const n of entries) expect(catalog[n].personalData, n).toEqual([]);
    }
  });

  it('allows no client write and ends with a default deny', () => {
    expect(rules).not.toMatch(/allow (create|update|delete|write)[^;]*: if (?!false)/);
    expect(rules).toMatch(/match \/\{document=\*\*\} \{\s*allow read, write: if false;/);
  });
});
