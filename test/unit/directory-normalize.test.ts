import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../functions/src/directory/csv-formats.js';
import { removalLimit } from '../../functions/src/directory/hand-off-removals.js';
import { normalize, type RawDirectoryFields } from '../../functions/src/directory/normalize.js';
import { directoryFieldsSchema } from '../../functions/src/core/schemas/user.js';
import { classifyGoogleError } from '../../functions/src/directory/sources/google-source.js';
import { retryAfterMs } from '../../functions/src/platform/with-backoff.js';

describe('normalize', () => {
  it('lower-cases the email, trims, sorts and de-duplicates groups', () => {
    const n = normalize({ email: ' Ada.Example@Initech.EXAMPLE ', firstName: ' Ada ', groups: ['Sales', 'Austin', 'Sales'], addresses: ['1 Way', '', '1 Way'] });
    expect(n).toEqual({
      ok: true,
      dropped: [],
      fields: { email: 'ada.example@initech.example', firstName: 'Ada', lastName: '', title: '', workPhone: '', mobilePhone: '', addresses: ['1 Way'], groups: ['Austin', 'Sales'] },
    });
  });

  it('skips a person without a valid email, but keeps one with a bad phone (field emptied, named)', () => {
    expect(normalize({ email: 'nope' })).toMatchObject({ ok: false, field: 'email' });
    const n = normalize({ email: 'a@b.example', workPhone: 'call me', title: 'x'.repeat(151) });
    expect(n).toMatchObject({ ok: true, dropped: ['title', 'workPhone'], fields: { workPhone: '', title: '' } });
  });
});

describe('normalize, one parse of the whole person', () => {
  // The field-by-field reading the whole-person parse must equal: each field's own rule, a bad
  // optional field emptied and named.
  const fieldByField = (raw: RawDirectoryFields) => {
    const shape = directoryFieldsSchema.shape;
    const email = shape.email.safeParse(raw.email ?? '');
    if (!email.success) return { ok: false, field: 'email' };
    const dropped: string[] = [];
    const pick = (key: Exclude<keyof typeof shape, 'email'>, value: unknown) => {
      const p = shape[key].safeParse(value ?? undefined);
      if (p.success) return p.data;
      dropped.push(key);
      return shape[key].parse(undefined);
    };
    const addresses = [...new Set((raw.addresses ?? []).map((a) => a?.trim()).filter((a): a is string => !!a))];
    const groups = [...new Set((raw.groups ?? []).map((g) => g.trim()).filter(Boolean))].sort();
    const fields = { email: email.data, firstName: pick('firstName', raw.firstName), lastName: pick('lastName', raw.lastName), title: pick('title', raw.title), workPhone: pick('workPhone', raw.workPhone), mobilePhone: pick('mobilePhone', raw.mobilePhone), addresses: pick('addresses', addresses), groups: pick('groups', groups) };
    return { ok: true, dropped, fields };
  };
  const people: RawDirectoryFields[] = [
    { email: 'Grace.Example@Initech.example', firstName: 'Grace', lastName: 'Example', title: ' Engineer ', workPhone: '+1 555 0100 x12', mobilePhone: '(555) 0101', addresses: ['1 Way', null, ' 2 Road '], groups: ['b', ' a ', 'b'] },
    { email: 'only@initech.example' },
    { email: 'nulls@initech.example', firstName: null, lastName: null, title: null, workPhone: null, mobilePhone: null, addresses: [], groups: [] },
    { email: 'bad.phone@initech.example', firstName: 'Zoë', workPhone: 'call me', mobilePhone: 'x'.repeat(41) },
    { email: 'long@initech.example', lastName: 'y'.repeat(101), addresses: Array.from({ length: 11 }, (_, i) => `${i} Way`), groups: Array.from({ length: 201 }, (_, i) => `g${i}`) },
    { email: 'not an address', firstName: 'Nobody' },
    { email: null },
  ];

  it('reads every person as the field-by-field reading does, valid or not', () => {
    for (const raw of people) expect(normalize(raw), String(raw.email)).toMatchObject(fieldByField(raw));
  });

  it('still names each bad field (and only the field) when the whole person is refused', () => {
    expect(normalize(people[3]!)).toEqual({ ok: true, dropped: ['workPhone', 'mobilePhone'], fields: expect.objectContaining({ firstName: 'Zoë', workPhone: '', mobilePhone: '' }) });
    expect(normalize(people[4]!)).toMatchObject({ ok: true, dropped: ['lastName', 'addresses', 'groups'], fields: { lastName: '', addresses: [], groups: [] } });
    expect(normalize(people[5]!)).toEqual({ ok: false, field: 'email', message: 'must be an email address' });
  });
});

describe('CSV format detection', () => {
  it("tells Herald's template, the Google Admin export and the Microsoft 365 export apart", () => {
    expect(detectFormat(['email', 'firstName', 'groups'])?.name).toBe('herald');
    expect(detectFormat(['First Name [Required]', 'Last Name [Required]', 'Email Address [Required]', 'Password [Required]'])?.name).toBe('google_admin');
    expect(detectFormat(['Display name', 'First name', 'User principal name', 'Object Id'])?.name).toBe('microsoft_365');
    expect(detectFormat(['name', 'mail'])).toBeUndefined();
  });
});

describe('removal limit', () => {
  it('is 10 % of the directory, at least 3, at most 50', () => {
    expect(removalLimit(5)).toBe(3);
    expect(removalLimit(40)).toBe(4);
    expect(removalLimit(300)).toBe(30);
    expect(removalLimit(100_000)).toBe(50);
  });
});

describe('Google error classification', () => {
  const error = (status: number, reason?: string, headers: Record<string, string> = {}) => ({
    response: { status, headers, data: { error: { errors: reason ? [{ reason }] : [] } } },
  });
  it('retries quota and server errors, not permission or request errors', () => {
    expect(classifyGoogleError(error(403, 'rateLimitExceeded')).retry).toBe(true);
    expect(classifyGoogleError(error(403, 'userRateLimitExceeded')).retry).toBe(true);
    expect(classifyGoogleError(error(429, undefined, { 'retry-after': '7' }))).toEqual({ retry: true, afterMs: 7000 });
    expect(classifyGoogleError(error(503)).retry).toBe(true);
    expect(classifyGoogleError(error(403, 'forbidden')).retry).toBe(false);
    expect(classifyGoogleError(error(400, 'invalid')).retry).toBe(false);
    expect(classifyGoogleError(new Error('socket')).retry).toBe(false);
    expect(classifyGoogleError(Object.assign(new Error('reset'), { code: 'ECONNRESET' })).retry).toBe(true);
  });
  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs(new Date(Date.now() + 60_000).toUTCString())).toBeGreaterThan(50_000);
  });
});
