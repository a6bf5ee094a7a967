import { describe, expect, it } from 'vitest';
import { decodeToken, encodeToken } from '../../functions/src/tracking/token-codec.js';
import { inTokenContext, openRecipient, sealRecipient } from '../../functions/src/tracking/recipient-seal.js';

const key = (s: string) => Buffer.from(s.padEnd(32, '!')).toString('base64');
const k1 = { current: 'k1', keys: { k1: key('first key') } };
const k2 = { current: 'k2', keys: { k1: key('first key'), k2: key('second key') } };
const onlyK2 = { current: 'k2', keys: { k2: key('second key') } };
const recipientKeys = { current: 'r1', keys: { r1: Buffer.alloc(32, 7).toString('base64') }, hashKey: key('hash') };
const payload = { kind: 'banner' as const, tenantCode: 268_435_455, campaignCode: 2_097_151, userCode: 1_234_567 };

describe('link token codec', () => {
  it('round-trips and stays short enough for a signature', () => {
    const token = encodeToken(k1, payload);
    expect(token.length).toBeLessThanOrEqual(40);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeToken(k1, token)).toEqual({ ...payload, kid: 'k1' });
  });

  it('keeps verifying old keys after rotation and rejects removed keys', () => {
    const old = encodeToken(k1, payload);
    const fresh = encodeToken(k2, payload);
    expect(decodeToken(k2, old)?.kid).toBe('k1');
    expect(decodeToken(k2, fresh)?.kid).toBe('k2');
    expect(decodeToken(k1, fresh)).toBeNull();
    expect(decodeToken(onlyK2, old)).toBeNull();
  });

  it('rejects every single-character mutation', () => {
    const token = encodeToken(k1, payload);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let tried = 0;
    for (let i = 0; i < token.length; i++) {
      for (const ch of alphabet) {
        if (ch === token[i]) continue;
        tried++;
        expect(decodeToken(k1, token.slice(0, i) + ch + token.slice(i + 1)), `position ${i} → ${ch}`).toBeNull();
      }
    }
    expect(tried).toBe(token.length * 63);
    expect(decodeToken(k1, token.slice(0, -1))).toBeNull();
    expect(decodeToken(k1, token + 'A')).toBeNull();
    expect(decodeToken(k1, '')).toBeNull();
    expect(decodeToken(k1, 'not a token at all, https://evil.example')).toBeNull();
  });

  it('rejects a token signed with another secret under the same key id', () => {
    const forged = encodeToken({ current: 'k1', keys: { k1: key('attacker') } }, payload);
    expect(decodeToken(k1, forged)).toBeNull();
  });

  it('seals a recipient inside a token; the address is not readable in the URL', () => {
    const sealed = sealRecipient(recipientKeys, 'Pat.Recipient@Example.NET', inTokenContext(7));
    const token = encodeToken(k1, { kind: 'recipient', tenantCode: 7, campaignCode: 8, userCode: 9, sealed });
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain('example');
    const decoded = decodeToken(k1, token)!;
    expect(decoded.kind).toBe('recipient');
    expect(openRecipient(recipientKeys, decoded.sealed!, inTokenContext(7))).toBe('pat.recipient@example.net');
    expect(openRecipient(recipientKeys, decoded.sealed!, inTokenContext(8))).toBeNull();
  });
});
