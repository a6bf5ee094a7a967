import { describe, expect, it } from 'vitest';
import { catalog, COLLECTION_NAMES, entryForDocPath, LEGAL_BASES, PERSONAL_DATA_CATEGORIES, pathParams } from '../../functions/src/core/catalog.js';

describe('the data catalog', () => {
  it('maps concrete document paths to their entry and nothing else', () => {
    expect(entryForDocPath('tenants/acme')).toBe('tenants');
    expect(entryForDocPath('tenants/acme/users/u1')).toBe('users');
    expect(entryForDocPath('tenants/acme/audit/a1')).toBe('audit');
    expect(entryForDocPath('tenants/acme/unknown/x')).toBeUndefined();
    expect(entryForDocPath('users/u1')).toBeUndefined();
  });

  it.each(COLLECTION_NAMES)('%s is fully declared', (name) => {
    const e = catalog[name];
    expect(e.path).toMatch(/^tenants\/\{tenantId\}|^[a-z]+\/\{\w+\}$/i);
    expect(pathParams(e.path).length).toBeGreaterThan(0);
    expect(e.purpose.length).toBeGreaterThan(10);
    expect(Object.keys(LEGAL_BASES)).toContain(e.legalBasis);
    for (const c of e.personalData) expect(Object.keys(PERSONAL_DATA_CATEGORIES)).toContain(c);
    // Personal data needs a way to find its subjects, or a stated reason why erasure does not apply.
    if (e.personalData.length > 0) expect(e.subjects.length > 0 || e.erasure.kind === 'none').toBe(true);
    for (const s of e.subjects) if (s.at === 'path') expect(pathParams(e.path)).toContain(s.param);
    if (e.retention.kind === 'ttl') expect(e.retention.days).toBeGreaterThan(0);
  });
});
