import { describe, expect, it } from 'vitest';
import { catalog, collectionId } from '../../functions/src/core/catalog.js';
import { COLLECTION_NAMES, collectionPath, docPath, entryForDocPath, pathParams, PATHS } from '../../functions/src/core/paths.js';

describe('collection paths (core/paths.ts)', () => {
  it('fill every placeholder of a document or collection path', () => {
    expect(docPath('users', { tenantId: 'acme', userId: 'u1' })).toBe('tenants/acme/users/u1');
    expect(docPath('tenants', { tenantId: 'acme' })).toBe('tenants/acme');
    expect(docPath('linkCodes', { tenantId: 'acme', code: '0' })).toBe('tenants/acme/linkCodes/0');
    expect(collectionPath('counters', { tenantId: 'acme', campaignId: 'c1' })).toBe('tenants/acme/campaigns/c1/counters');
    expect(collectionPath('tenants', {})).toBe('tenants');
    expect(collectionPath('deletions', {})).toBe('deletions');
  });

  it('refuse an id that is missing, empty or names another document', () => {
    expect(() => docPath('users', { tenantId: 'acme' } as never)).toThrow('catalog path tenants/{tenantId}/users/{userId}: missing or invalid userId');
    expect(() => docPath('users', { tenantId: '', userId: 'u1' })).toThrow('missing or invalid tenantId');
    expect(() => docPath('campaigns', { tenantId: 'acme', campaignId: 'c1/counters/x' })).toThrow('missing or invalid campaignId');
    expect(() => collectionPath('users', { tenantId: 'a/b' })).toThrow('catalog path tenants/{tenantId}/users: missing or invalid tenantId');
  });

  it.each(COLLECTION_NAMES)('%s: the catalog declares the same path, and a filled path maps back to it', (name) => {
    expect(catalog[name].path).toBe(PATHS[name]);
    const ids = Object.fromEntries(pathParams(PATHS[name]).map((p) => [p, `${p}-1`]));
    const path = docPath(name, ids as never);
    expect(entryForDocPath(path)).toBe(name);
    expect(path.startsWith(`${collectionPath(name, ids as never)}/`)).toBe(true);
    expect(path.split('/').at(-2)).toBe(collectionId(name));
  });
});
