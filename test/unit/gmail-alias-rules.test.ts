import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import { aliasKey, aliasPushable, latestDrift } from '../../functions/src/signatures/deploy-user.js';

const acme = { verifiedDomains: ['acme.example'] };

describe('which Gmail aliases Herald may write', () => {
  it('writes a Workspace alias on a verified domain (Gmail gives those no verification status)', () => {
    expect(aliasPushable(acme, { sendAsEmail: 'sales@acme.example', verificationStatus: null })).toBe(true);
    expect(aliasPushable(acme, { sendAsEmail: 'sales@acme.example', verificationStatus: 'accepted' })).toBe(true);
  });

  it('never writes an alias off the verified domains, even one Gmail verified, nor a pending one', () => {
    expect(aliasPushable(acme, { sendAsEmail: 'jane@partner-example.org', verificationStatus: 'accepted' })).toBe(false);
    expect(aliasPushable(acme, { sendAsEmail: 'jane@sub.acme.example', verificationStatus: null })).toBe(false);
    expect(aliasPushable(acme, { sendAsEmail: 'events@acme.example', verificationStatus: 'pending' })).toBe(false);
    expect(aliasPushable({ verifiedDomains: [] }, { sendAsEmail: 'sales@acme.example', verificationStatus: null })).toBe(false);
  });
});

describe('an alias record key', () => {
  it('is the same whatever the case of the address, a valid field name, and differs between addresses', () => {
    expect(aliasKey('Sales@Acme.example')).toBe(aliasKey('sales@acme.example'));
    expect(aliasKey('sales@acme.example')).toMatch(/^a[0-9a-f]{24}$/);
    expect(aliasKey('sales@acme.example')).not.toBe(aliasKey('support@acme.example'));
  });
});

describe('the latest drift of a deployment', () => {
  const drift = (iso: string) => ({ at: Timestamp.fromDate(new Date(iso)), action: 'reported' as const, seenHash: 'f'.repeat(64) });
  const alias = (d: ReturnType<typeof drift> | null) => ({ address: 'x@acme.example', status: 'deployed' as const, hash: null, gmailHash: null, templateId: null, errorStatus: null, reason: null, drift: d, at: new Date() });

  it('is null without any drift, else the latest at the primary or any alias', () => {
    expect(latestDrift(null, { a: alias(null) })).toBeNull();
    const later = drift('2026-05-02T00:00:00Z');
    expect(latestDrift(drift('2026-05-01T00:00:00Z'), { a: alias(later), b: alias(null) })).toBe(later.at);
    const primary = drift('2026-06-01T00:00:00Z');
    expect(latestDrift(primary, { a: alias(later) })).toBe(primary.at);
  });
});
