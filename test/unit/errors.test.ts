import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { AppError, ERROR_STATUS, errorBody, fromZodError } from '../../functions/src/core/errors.js';
import { hasRole } from '../../functions/src/core/roles.js';

describe('errors', () => {
  it('turns zod issues into messages naming each field', () => {
    const schema = z.object({ userIds: z.array(z.string().min(2)), limit: z.number().max(10) });
    const result = schema.safeParse({ userIds: ['ok', 'x'], limit: 50 });
    const err = fromZodError(result.error!, 'body');
    expect(err.status).toBe(400);
    expect(err.message).toContain('body.userIds.1');
    expect(err.message).toContain('body.limit');
    expect(errorBody(err).error.fields).toHaveLength(2);
  });

  it('maps every code to one status', () => {
    expect(new AppError('gone', 'x').status).toBe(410);
    expect(new Set(Object.keys(ERROR_STATUS)).size).toBe(Object.keys(ERROR_STATUS).length);
  });
});

describe('roles', () => {
  it('ranks owner > admin > editor > viewer > user', () => {
    expect(hasRole('owner', 'admin')).toBe(true);
    expect(hasRole('editor', 'admin')).toBe(false);
    expect(hasRole('viewer', 'viewer')).toBe(true);
    expect(hasRole('user', 'viewer')).toBe(false);
    expect(hasRole(null, 'user')).toBe(false);
  });
});
