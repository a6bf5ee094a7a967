import { describe, expect, it } from 'vitest';
import { pickAddressTemplate, pickTemplate, type AssignmentLike } from '../../functions/src/signatures/pick-template.js';

const everyone: AssignmentLike = { templateId: 'default', target: 'everyone', userId: null, group: null, priority: 0 };
const sales: AssignmentLike = { templateId: 'sales', target: 'group', userId: null, group: 'Sales', priority: 50 };
const paris: AssignmentLike = { templateId: 'paris', target: 'group', userId: null, group: 'Paris Office', priority: 50 };
const leadership: AssignmentLike = { templateId: 'leaders', target: 'group', userId: null, group: 'Leadership', priority: 80 };
const jane: AssignmentLike = { templateId: 'jane', target: 'user', userId: 'u-jane', group: null, priority: 0 };

describe('pickTemplate precedence', () => {
  it('gives a user their own assignment over any group or everyone', () => {
    expect(pickTemplate([everyone, sales, leadership, jane], { id: 'u-jane', groups: ['Sales', 'Leadership'] })).toBe(jane);
  });

  it("ignores another user's assignment", () => {
    expect(pickTemplate([everyone, jane], { id: 'u-john', groups: [] })).toBe(everyone);
  });

  it('prefers a group assignment over everyone, the highest priority first', () => {
    expect(pickTemplate([everyone, sales, leadership], { id: 'u1', groups: ['Sales'] })).toBe(sales);
    expect(pickTemplate([everyone, sales, leadership], { id: 'u1', groups: ['Sales', 'Leadership'] })).toBe(leadership);
  });

  it('breaks equal group priorities by group name, whatever the input order', () => {
    const user = { id: 'u1', groups: ['Sales', 'Paris Office'] };
    expect(pickTemplate([sales, paris], user)).toBe(paris);
    expect(pickTemplate([paris, sales], user)).toBe(paris);
  });

  it('falls back to everyone, then to nothing', () => {
    expect(pickTemplate([everyone, sales], { id: 'u1', groups: ['Engineering'] })).toBe(everyone);
    expect(pickTemplate([sales], { id: 'u1', groups: ['Engineering'] })).toBeNull();
    expect(pickTemplate([], { id: 'u1', groups: [] })).toBeNull();
  });
});

describe('pickAddressTemplate', () => {
  const desk: AssignmentLike = { templateId: 'desk', target: 'address', userId: null, group: null, address: 'sales.desk@acme.example', priority: 50 };
  it('finds the assignment of a sending address, whatever its case, and only that', () => {
    expect(pickAddressTemplate([everyone, jane, desk], ' Sales.Desk@Acme.example ')).toBe(desk);
    expect(pickAddressTemplate([everyone, jane, desk], 'other@acme.example')).toBeNull();
  });
  it('is never chosen for a person by the precedence rule', () => {
    expect(pickTemplate([desk], { id: 'u-jane', groups: [] })).toBeNull();
    expect(pickTemplate([desk, everyone], { id: 'u-jane', groups: [] })).toBe(everyone);
  });
});
