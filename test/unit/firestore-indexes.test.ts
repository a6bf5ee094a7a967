import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog, collectionId, type CollectionName } from '../../functions/src/core/catalog.js';
import { firestoreIndexes, firestoreIndexesJson } from '../../functions/src/privacy/firestore-indexes.js';

describe('firestore.indexes.json', () => {
  it('is the file generated from the catalog (run `npm run gen:indexes` after a catalog change)', () => {
    expect(readFileSync('firestore.indexes.json', 'utf8')).toBe(firestoreIndexesJson());
  });

  it('declares a TTL policy on expireAt for exactly the TTL entries', () => {
    const ttl = firestoreIndexes().fieldOverrides.filter((o) => o.ttl).map((o) => `${o.collectionGroup}/${o.fieldPath}`).sort();
    const expected = (Object.keys(catalog) as CollectionName[]).filter((n) => catalog[n].retention.kind === 'ttl').map((n) => `${collectionId(n)}/expireAt`);
    expect(ttl).toEqual([...new Set(expected)].sort());
    expect(ttl).toContain('audit/expireAt');
  });
});
