import { describe, expect, it } from 'vitest';
import { GOOGLE_USER_FIELDS } from '../../functions/src/directory/sources/google-source.js';
import { fakeGoogleUsers } from '../fakes/google-directory-fake.js';
import { parseFields, selectFields } from '../fakes/google-partial-response.js';

describe("the Google fake's partial responses (fields)", () => {
  it("keeps only what the sync's users.list selector names, in every array element", () => {
    const [user] = fakeGoogleUsers(1, 'acme.example');
    const body = { kind: 'admin#directory#users', nextPageToken: 'o500', users: [{ customerId: 'C0fake0cust', ...user! }] };
    const answer = selectFields(body, parseFields(GOOGLE_USER_FIELDS)) as { users: Record<string, unknown>[] };
    expect(Object.keys(answer).sort()).toEqual(['nextPageToken', 'users']);
    expect(answer.users[0]).toEqual({
      id: user!.id,
      customerId: 'C0fake0cust',
      primaryEmail: 'person0@acme.example',
      name: { givenName: 'Given0', familyName: 'Family0' },
      organizations: [{ title: 'Title 0', primary: true }],
      phones: user!.phones,
      addresses: user!.addresses,
    });
  });

  it('reads a/b paths and * and refuses a malformed selector', () => {
    expect(selectFields({ a: { b: 1, c: 2 }, d: [{ e: 1 }], g: 3 }, parseFields('a/b,g'))).toEqual({ a: { b: 1 }, g: 3 });
    expect(selectFields({ a: { b: 1, c: 2 }, g: 3 }, parseFields('a(*)'))).toEqual({ a: { b: 1, c: 2 } });
    expect(() => parseFields('users(id')).toThrow(/at 8/);
    expect(() => parseFields('users,,id')).toThrow(/at 6/);
  });
});
