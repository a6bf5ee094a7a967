import { describe, expect, it } from 'vitest';
import { asciiSearchForm, matchesSearch, searchForm, unicodeSearchForm, searchKeyOfQuery, searchKeysOf, SEARCH_KEY_MAX } from '../../functions/src/core/search-keys.js';
import { userSchema } from '../../functions/src/core/schemas/user.js';

const jane = { email: 'jane.doe-smith@acme.example', firstName: 'Jane', lastName: 'Doe-Smith' };

describe('search keys', () => {
  it('are the prefixes of the name from each word, of "last first", and of the email from each word of its local part', () => {
    const keys = searchKeysOf(jane);
    for (const q of ['j', 'jane', 'jane doe', 'doe', 'doe smith', 'smith', 'doe smith jane', 'jane doe smith@acme']) expect(keys, q).toContain(searchKeyOfQuery(q));
    expect(keys).not.toContain('acme');
    expect(keys).not.toContain('ane');
    expect(keys.every((k) => k.length <= SEARCH_KEY_MAX && k === k.trim())).toBe(true);
    expect(keys).toEqual([...new Set(keys)].sort());
  });

  it("read ASCII text by the fast path exactly as the Unicode path reads it (every ASCII character, and random ASCII strings)", () => {
    const ascii = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));
    for (const c of ascii) for (const t of [c, `a${c}b`, `${c}Z${c}`]) expect(asciiSearchForm(t), JSON.stringify(t)).toBe(unicodeSearchForm(t));
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 5_000; i++) {
      const t = Array.from({ length: rand(24) }, () => ascii[rand(128)]).join('');
      expect(asciiSearchForm(t), JSON.stringify(t)).toBe(unicodeSearchForm(t));
    }
    // Anything outside ASCII takes the Unicode path.
    expect(searchForm("Zoë O'Brien")).toBe('zoe obrien');
    expect(searchForm('Jean-Luc')).toBe('jean luc');
  });

  it('are each key once, sorted, when the name, the reversed name and the email repeat one another', () => {
    // What a Set would keep: the keys are collected with repeats and de-duplicated after sorting.
    const reference = (f: { email: string; firstName: string; lastName: string }) => {
      const keys = new Set<string>();
      const add = (text: string, from: number) => {
        const rest = text.slice(from, from + SEARCH_KEY_MAX);
        for (let n = 1; n <= rest.length; n++) if (rest[n - 1] !== ' ') keys.add(rest.slice(0, n));
      };
      const name = searchForm(`${f.firstName} ${f.lastName}`);
      const reversed = searchForm(`${f.lastName} ${f.firstName}`);
      const email = searchForm(f.email);
      const at = email.indexOf('@');
      for (let i = 0; i < name.length; i++) if (i === 0 || name[i - 1] === ' ') add(name, i);
      if (reversed) add(reversed, 0);
      for (let i = 0; i < (at < 0 ? email.length : at); i++) if (i === 0 || email[i - 1] === ' ') add(email, i);
      return [...keys].sort();
    };
    for (const f of [
      { email: 'ann.ann@acme.example', firstName: 'Ann', lastName: 'Ann' },
      { email: 'a@acme.example', firstName: 'A', lastName: '' },
      { email: 'x@acme.example', firstName: '', lastName: '' },
      { email: 'li.li.li@acme.example', firstName: 'Li Li', lastName: 'Li' },
      jane,
    ]) {
      const keys = searchKeysOf(f);
      expect(keys, f.email).toEqual(reference(f));
      expect(new Set(keys).size, f.email).toBe(keys.length);
    }
  });

  it('read case, accents, apostrophes and punctuation alike', () => {
    expect(searchForm("  Zoë  O'Brien-Ångström ")).toBe('zoe obrien angstrom');
    expect(searchForm('ŁUKASZ')).toBe('łukasz');
    expect(searchKeysOf({ email: 'z@x.example', firstName: 'Zoë', lastName: '' })).toContain('zoe');
  });

  it('check a query longer than the longest key whole', () => {
    const q = 'jane.doe-smith@acme.example';
    expect(searchKeyOfQuery(q)).toBe('jane doe smith@acme');
    expect(matchesSearch(jane, q)).toBe(true);
    expect(matchesSearch(jane, 'jane.doe-smith@acme.elsewhere')).toBe(false);
  });

  it('are derived by the user schema on every whole write, from the edited name when there is one', () => {
    const parsed = userSchema.parse({ ...jane, source: 'csv', contentHash: 'x'.repeat(64), overrides: { lastName: 'Nakamura' }, searchKeys: ['stale'], createdAt: new Date(), updatedAt: new Date() });
    expect(parsed.searchKeys).toContain('nakamura');
    expect(parsed.searchKeys).not.toContain('stale');
    expect(parsed.searchKeys).not.toContain('doe smith jane');
  });

  it("are set on the schema's parsed copy, never on the writer's object", () => {
    const written = { ...jane, source: 'csv' as const, contentHash: 'x'.repeat(64), overrides: {}, searchKeys: ['stale'], createdAt: new Date(), updatedAt: new Date() };
    const parsed = userSchema.parse(written);
    expect(parsed).not.toBe(written);
    expect(parsed.searchKeys).toEqual(searchKeysOf(jane));
    expect(written.searchKeys).toEqual(['stale']);
  });
});
