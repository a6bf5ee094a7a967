import { describe, expect, it } from 'vitest';
import { fakeGoogleUsers } from '../fakes/google-directory-fake.js';

/** Every string in a value, in order (what a person's stored bytes and search keys are made of). */
const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);

describe('fictitious Workspace users (the Google fake)', () => {
  it('with a width, gives every person fields of the same lengths whatever their number (the cost bench compares tenant sizes per employee)', () => {
    const people = [0, 7, 999, 1000, 10_004, 123_456].map((i) => fakeGoogleUsers(1, 'cost0010000.example', i, 7)[0]!);
    const lengths = people.map((p) => strings(p).map((s) => s.length));
    for (const l of lengths) expect(l).toEqual(lengths[0]);
    expect(people[3]).toMatchObject({ primaryEmail: 'person0001000@cost0010000.example', name: { givenName: 'Given0001000', familyName: 'Family0001000' } });
    expect(new Set(people.map((p) => p.primaryEmail)).size).toBe(people.length);
  });

  it('without one, keeps the short names the integration tests read', () => {
    const [p] = fakeGoogleUsers(1, 'acme.example', 4);
    expect(p).toMatchObject({ primaryEmail: 'person4@acme.example', name: { givenName: 'Given4', familyName: 'Family4' }, organizations: [{ title: 'Title 4' }] });
    expect(p!.addresses![0]!.formatted).toBe('4 Example Street, 75000 Paris, France');
  });
});
