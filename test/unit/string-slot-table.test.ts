import { describe, expect, it } from 'vitest';
import { StringSlotTable } from '../../functions/src/directory/string-slot-table.js';

/** A table over an array of keys (slot = index), as the user index uses it. */
function tableOver(initialCapacity?: number) {
  const keys: (string | undefined)[] = [];
  const table = new StringSlotTable((slot) => keys[slot], initialCapacity);
  return { keys, table };
}

/** A small deterministic generator, so a failure is reproducible. */
function random(seed: number) {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

describe('StringSlotTable', () => {
  it('finds, replaces and deletes entries', () => {
    const { keys, table } = tableOver();
    keys.push('jane@acme.example', 'john@acme.example');
    table.set('jane@acme.example', 0);
    table.set('john@acme.example', 1);
    expect(table.get('jane@acme.example')).toBe(0);
    expect(table.get('john@acme.example')).toBe(1);
    expect(table.get('nobody@acme.example')).toBe(-1);
    expect(table.size).toBe(2);

    // The same key set again points to the new slot (the last writer wins, as with a Map).
    keys.push('jane@acme.example');
    table.set('jane@acme.example', 2);
    expect(table.get('jane@acme.example')).toBe(2);
    expect(table.size).toBe(2);

    table.delete('jane@acme.example');
    table.delete('not there');
    expect(table.get('jane@acme.example')).toBe(-1);
    expect(table.get('john@acme.example')).toBe(1);
    expect(table.size).toBe(1);
  });

  it('tells apart keys whose hashes collide in the table and keys that differ in one character', () => {
    const { keys, table } = tableOver(1);
    const similar = Array.from({ length: 40 }, (_, i) => `user${i}@acme.example`).concat(['', 'é', 'ü', '\u{1F600}']);
    similar.forEach((k, slot) => {
      keys.push(k);
      table.set(k, slot);
    });
    similar.forEach((k, slot) => expect(table.get(k)).toBe(slot));
    expect(table.get('user40@acme.example')).toBe(-1);
  });

  it('behaves like a Map through growth and many deletions', () => {
    const next = random(42);
    const { keys, table } = tableOver(4);
    const model = new Map<string, number>();
    for (let step = 0; step < 30_000; step++) {
      const key = `k${Math.floor(next() * 3000)}`;
      const action = next();
      if (action < 0.55) {
        const slot = keys.length;
        keys.push(key);
        table.set(key, slot);
        model.set(key, slot);
      } else if (action < 0.85) {
        table.delete(key);
        model.delete(key);
      } else {
        expect(table.get(key)).toBe(model.get(key) ?? -1);
      }
    }
    expect(table.size).toBe(model.size);
    for (let k = 0; k < 3000; k++) expect(table.get(`k${k}`)).toBe(model.get(`k${k}`) ?? -1);
  });
});
