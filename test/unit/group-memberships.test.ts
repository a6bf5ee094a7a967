import { describe, expect, it } from 'vitest';
import { GroupMemberships } from '../../functions/src/directory/sources/group-memberships.js';

describe('GroupMemberships', () => {
  it("lists a member's groups in the order they were added, and none for a stranger", () => {
    const g = new GroupMemberships();
    g.add('m1', 'Sales');
    g.add('m2', 'Sales');
    g.add('m1', 'Paris office');
    expect(g.of('m1')).toEqual(['Sales', 'Paris office']);
    expect(g.of('m2')).toEqual(['Sales']);
    expect(g.of('m3')).toEqual([]);
  });

  it('shares one frozen list between members in the same groups, without mixing up different ones', () => {
    const g = new GroupMemberships();
    for (const m of ['a', 'b', 'c']) {
      g.add(m, 'Sales');
      g.add(m, 'Paris office');
    }
    g.add('d', 'Paris office');
    g.add('d', 'Sales');
    g.add('e', 'Sales,Paris office');
    expect(g.of('a')).toBe(g.of('b'));
    expect(g.of('b')).toBe(g.of('c'));
    expect(Object.isFrozen(g.of('a'))).toBe(true);
    expect(g.of('d')).toEqual(['Paris office', 'Sales']);
    expect(g.of('e')).toEqual(['Sales,Paris office']);
    // Adding to one member's groups leaves the others sharing the old list untouched.
    g.add('a', 'Board');
    expect(g.of('a')).toEqual(['Sales', 'Paris office', 'Board']);
    expect(g.of('b')).toEqual(['Sales', 'Paris office']);
  });

  it('forgets everything on clear', () => {
    const g = new GroupMemberships();
    g.add('m1', 'Sales');
    g.clear();
    expect(g.of('m1')).toEqual([]);
  });
});
