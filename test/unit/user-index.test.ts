import { describe, expect, it } from 'vitest';
import type { UserDoc } from '../../functions/src/core/schemas/user.js';
import { UserIndex, type IndexedUser } from '../../functions/src/directory/user-index.js';
import { ownCopy } from '../../functions/src/platform/own-copy.js';

const hash = (n: number) => n.toString(16).padStart(64, '0');
const user = (over: Partial<IndexedUser> & { id: string }): IndexedUser => ({
  email: `${over.id}@acme.example`,
  externalId: `ext-${over.id}`,
  contentHash: hash(1),
  source: 'google',
  ...over,
});

/** The index as it was (objects in three Maps): the reference the packed one must agree with. */
class ReferenceIndex {
  readonly byId = new Map<string, IndexedUser>();
  readonly byExternalId = new Map<string, IndexedUser>();
  readonly byEmail = new Map<string, IndexedUser>();
  put(u: IndexedUser) {
    const old = this.byId.get(u.id);
    if (old) {
      if (old.externalId) this.byExternalId.delete(old.externalId);
      this.byEmail.delete(old.email);
    }
    this.byId.set(u.id, u);
    if (u.externalId) this.byExternalId.set(u.externalId, u);
    this.byEmail.set(u.email, u);
  }
  match(externalId: string | undefined, email: string) {
    return (externalId ? this.byExternalId.get(externalId) : undefined) ?? this.byEmail.get(email);
  }
}

describe('UserIndex', () => {
  it('matches by source id first, then by email, and returns what was put', () => {
    const index = new UserIndex();
    index.put(user({ id: 'u1', contentHash: hash(7) }));
    index.put(user({ id: 'u2', externalId: undefined, source: 'csv', email: 'csv.person@acme.example' }));
    expect(index.size).toBe(2);
    expect(index.match('ext-u1', 'other@acme.example')).toEqual(user({ id: 'u1', contentHash: hash(7) }));
    expect(index.match('unknown', 'csv.person@acme.example')?.id).toBe('u2');
    expect(index.match(undefined, 'u1@acme.example')?.id).toBe('u1');
    expect(index.match('unknown', 'unknown@acme.example')).toBeUndefined();
    expect(index.byExternalId('ext-u1')?.id).toBe('u1');
    expect(index.byExternalId('ext-u2')).toBeUndefined();
  });

  it('replaces a user put again under the same id: old email and source id stop matching, order stays', () => {
    const index = new UserIndex();
    index.put(user({ id: 'u1' }));
    index.put(user({ id: 'u2' }));
    index.put(user({ id: 'u1', email: 'renamed@acme.example', externalId: 'ext-new', contentHash: hash(2), source: 'microsoft' }));
    expect(index.size).toBe(2);
    expect(index.match(undefined, 'u1@acme.example')).toBeUndefined();
    expect(index.byExternalId('ext-u1')).toBeUndefined();
    expect(index.match('ext-new', '')).toEqual({ id: 'u1', email: 'renamed@acme.example', externalId: 'ext-new', contentHash: hash(2), source: 'microsoft' });
    expect([...index.users()].map((u) => u.id)).toEqual(['u1', 'u2']);
  });

  it('keeps content hashes that are not 64 lowercase hex digits as they are', () => {
    const index = new UserIndex();
    index.put(user({ id: 'u1', contentHash: '' }));
    index.put(user({ id: 'u2', contentHash: 'ABCDEF' + '0'.repeat(58) }));
    index.put(user({ id: 'u3', contentHash: 'f'.repeat(64) }));
    expect([...index.users()].map((u) => u.contentHash)).toEqual(['', 'ABCDEF' + '0'.repeat(58), 'f'.repeat(64)]);
    index.put(user({ id: 'u1', contentHash: hash(3) }));
    index.put(user({ id: 'u3', contentHash: 'odd' }));
    expect([...index.users()].map((u) => u.contentHash)).toEqual([hash(3), 'ABCDEF' + '0'.repeat(58), 'odd']);
  });

  it('agrees with the reference index over thousands of puts with shared emails and source ids', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    const sources: UserDoc['source'][] = ['google', 'microsoft', 'csv', 'manual'];
    const index = new UserIndex();
    const reference = new ReferenceIndex();
    for (let i = 0; i < 5000; i++) {
      // Few distinct values, so ids are put again and emails and source ids collide between users.
      const u: IndexedUser = {
        id: `u${next(1500)}`,
        email: `p${next(1200)}@acme.example`,
        externalId: next(4) === 0 ? undefined : `x${next(1200)}`,
        contentHash: next(10) === 0 ? '' : hash(next(50)),
        source: sources[next(4)]!,
      };
      index.put(u);
      reference.put(u);
    }
    expect(index.size).toBe(reference.byId.size);
    expect([...index.users()]).toEqual([...reference.byId.values()]);
    for (let k = 0; k < 1300; k++) {
      const externalId = k % 3 === 0 ? undefined : `x${k}`;
      expect(index.match(externalId, `p${k}@acme.example`)).toEqual(reference.match(externalId, `p${k}@acme.example`));
      expect(index.byExternalId(`x${k}`)).toEqual(reference.byExternalId.get(`x${k}`));
    }
  });
});

describe('ownCopy', () => {
  it('returns an equal string, for one-byte and two-byte text alike', () => {
    for (const s of ['', 'u0123456789abcde', 'jane.doe@acme.example', 'Zoë Ünal', 'José 日本 \u{1F600}', 'lone \ud800 surrogate']) expect(ownCopy(s)).toBe(s);
  });
});
