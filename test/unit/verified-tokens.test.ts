import { describe, expect, it } from 'vitest';
import { encodeToken } from '../../functions/src/tracking/token-codec.js';
import { VerifiedTokens } from '../../functions/src/tracking/verified-tokens.js';

const key = (s: string) => Buffer.from(s.padEnd(32, '!')).toString('base64');
const keyring = { current: 'k1', keys: { k1: key('first key') } };
const other = { current: 'k1', keys: { k1: key('another key') } };
const payload = (userCode: number) => ({ kind: 'banner' as const, tenantCode: 7, campaignCode: 3, userCode });

describe('VerifiedTokens', () => {
  it('answers a genuine token again from memory, with the same payload', () => {
    const tokens = new VerifiedTokens(keyring);
    const token = encodeToken(keyring, payload(1));
    const first = tokens.decode(token);
    expect(first).toEqual({ ...payload(1), kid: 'k1' });
    expect(tokens.decode(token)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('never remembers a forged or tampered token', () => {
    const tokens = new VerifiedTokens(keyring);
    const forged = encodeToken(other, payload(1));
    expect(tokens.decode(forged)).toBeNull();
    expect(tokens.decode(forged)).toBeNull();
    const genuine = encodeToken(keyring, payload(2));
    const tampered = genuine.slice(0, -1) + (genuine.endsWith('A') ? 'B' : 'A');
    expect(tokens.decode(tampered)).toBeNull();
    expect(tokens.decode(genuine)?.userCode).toBe(2);
  });

  it('stays bounded and keeps verifying once full', () => {
    const tokens = new VerifiedTokens(keyring, 3);
    const minted = Array.from({ length: 10 }, (_, i) => encodeToken(keyring, payload(i + 1)));
    for (const [i, token] of minted.entries()) expect(tokens.decode(token)?.userCode).toBe(i + 1);
    for (const [i, token] of minted.entries()) expect(tokens.decode(token)?.userCode).toBe(i + 1);
    expect((tokens as unknown as { verified: Map<string, unknown> }).verified.size).toBeLessThanOrEqual(3);
  });
});
