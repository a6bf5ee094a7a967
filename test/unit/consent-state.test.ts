import { describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/src/core/config.js';
import { signConsentState, verifyConsentState } from '../../functions/src/trust/consent-state.js';

const key = (s: string) => Buffer.from(s.padEnd(32, '!')).toString('base64');
const withKeys = (current: string, keys: Record<string, string>) => readConfig({ LINK_KEYS: JSON.stringify({ current, keys }) });
const state = { tenantId: 'acme', uid: 'owner-uid', domain: 'acme.example' };
const now = new Date('2026-12-02T02:00:00Z');

describe('admin-consent state', () => {
  it('survives a link-key rotation for its 15 minutes, then expires', async () => {
    const token = await signConsentState(withKeys('k1', { k1: key('first') }), state, now);
    const rotated = withKeys('k2', { k1: key('first'), k2: key('second') });
    await expect(verifyConsentState(rotated, token, state, new Date(now.getTime() + 14 * 60_000))).resolves.toEqual(state);
    await expect(verifyConsentState(rotated, token, state, new Date(now.getTime() + 16 * 60_000))).rejects.toThrow('body.state: the consent link has expired');
  });

  it('is refused once its key is gone, and is no link token: the key is derived for this purpose only', async () => {
    const token = await signConsentState(withKeys('k1', { k1: key('first') }), state, now);
    await expect(verifyConsentState(withKeys('k2', { k2: key('second') }), token, state, now)).rejects.toThrow('body.state: not an admin-consent link Herald issued');
    // Signed with the raw link key instead of the derived one: refused.
    const { SignJWT } = await import('jose');
    const raw = await new SignJWT({ tenant: 'acme', domain: 'acme.example' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('owner-uid')
      .setAudience('herald:microsoft-admin-consent')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(Buffer.from(key('first'), 'base64'));
    await expect(verifyConsentState(withKeys('k1', { k1: key('first') }), raw, state, new Date())).rejects.toThrow('not an admin-consent link Herald issued');
  });
});
