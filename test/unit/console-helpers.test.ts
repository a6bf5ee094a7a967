import { describe, expect, it } from 'vitest';
import { ApiError } from '../../hosting/src/api.js';
import type { AssignmentView, TemplateView, UserView } from '../../functions/src/api-types.js';
import { explainChoice } from '../../hosting/src/templates/precedence.js';

describe("the console's error wording", () => {
  it('finds the problems of one form field, nested fields included, without the body. prefix', () => {
    const err = new ApiError(400, 'invalid_argument', 'x', [
      { field: 'body.banner.imageUrl', message: 'must be an http(s) URL' },
      { field: 'body.name', message: 'is required' },
    ]);
    expect(err.forField('banner.imageUrl')).toBe('must be an http(s) URL');
    expect(err.forField('banner')).toBe('must be an http(s) URL');
    expect(err.forField('name')).toBe('is required');
    expect(err.forField('priority')).toBeNull();
  });

  it('says field problems in plain words, never as body.emails.0: …', () => {
    const err = new ApiError(400, 'invalid_argument', 'body.emails.0: must be an email address', [{ field: 'body.emails.0', message: 'must be an email address' }]);
    expect(err.plain).toBe('Emails: must be an email address');
    expect(new ApiError(400, 'invalid_argument', 'body.endAt: must be after startAt').plain).toBe('End at: must be after startAt');
    expect(new ApiError(409, 'conflict', 'the sync is already running').plain).toBe('the sync is already running');
  });
});

describe('why a person gets their template', () => {
  const templates: TemplateView[] = [
    { id: 'std', name: 'Standard', html: '', replyHtml: null, design: null, createdAt: null, updatedAt: null },
    { id: 'sales', name: 'Sales', html: '', replyHtml: null, design: null, createdAt: null, updatedAt: null },
    { id: 'paris', name: 'Paris', html: '', replyHtml: null, design: null, createdAt: null, updatedAt: null },
  ];
  const jane: UserView = {
    id: 'u1', email: 'jane.doe@acme.example', firstName: 'Jane', lastName: 'Doe', title: '', workPhone: '', mobilePhone: '', addresses: [], groups: ['Sales', 'Paris Office'],
    source: 'csv', overridden: [], updatedAt: null,
  };
  const everyone: AssignmentView = { id: 'everyone', templateId: 'std', target: 'everyone', group: null, userId: null, address: null, priority: 50, updatedAt: null };
  const sales: AssignmentView = { id: 'g1', templateId: 'sales', target: 'group', group: 'Sales', userId: null, address: null, priority: 80, updatedAt: null };
  const paris: AssignmentView = { id: 'g2', templateId: 'paris', target: 'group', group: 'Paris Office', userId: null, address: null, priority: 60, updatedAt: null };

  it('names the winning group and the ones it outranks', () => {
    expect(explainChoice(jane, 'sales', [everyone, sales, paris], templates)).toBe(
      'Jane gets “Sales” through the group Sales (priority 80), which outranks Paris Office (60); a group assignment wins over the one for everyone.',
    );
  });

  it('says when a personal assignment wins, when everyone applies, and when nothing does', () => {
    const own: AssignmentView = { id: 'user-u1', templateId: 'paris', target: 'user', group: null, userId: 'u1', address: null, priority: 50, updatedAt: null };
    expect(explainChoice(jane, 'paris', [everyone, sales, own], templates)).toContain('assigned to Jane personally');
    expect(explainChoice({ ...jane, groups: [] }, 'std', [everyone, sales], templates)).toBe('Jane gets “Standard”, the template for everyone: none of their groups has one.');
    expect(explainChoice(jane, null, [], templates)).toContain('Jane gets no signature');
  });
});
