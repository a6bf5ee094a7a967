import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Keyring } from '../core/config.js';

/**
 * Link tokens: `base64url(header ‖ MAC)`, where the header is
 *   byte 0        format version (high nibble) and kind (low nibble)
 *   byte 1        key id length, then the key id (ASCII, 1-4 chars): keys rotate, old ids keep verifying
 *   varints       tenant link code, campaign link code, employee link code
 *   rest          kind 1 only: the recipient, sealed (see recipient-seal.ts)
 * and the MAC is the first 12 bytes of HMAC-SHA256(key[kid], header). A token never carries a URL,
 * so the redirect cannot be pointed anywhere the tenant did not configure. Link codes are short
 * numbers (link-codes.ts) rather than Firestore ids, which keeps a banner token at ~35 characters.
 */
export const TOKEN_VERSION = 1;
export const TOKEN_KINDS = { banner: 0, recipient: 1 } as const;
export type TokenKind = keyof typeof TOKEN_KINDS;
/** Bytes of HMAC-SHA256 a token keeps (96 bits): read by the compliance pack's Art. 32 measures. */
export const MAC_BYTES = 12;
const MAX_TOKEN_CHARS = 1024;

export interface TokenPayload {
  kind: TokenKind;
  kid: string;
  tenantCode: number;
  campaignCode: number;
  userCode: number;
  /** Kind `recipient` only: the sealed recipient address. */
  sealed?: Buffer;
}

const keyCache = new WeakMap<Keyring, Map<string, Buffer>>();
function keyBytes(keyring: Keyring, kid: string): Buffer | undefined {
  let keys = keyCache.get(keyring);
  if (!keys) {
    keys = new Map(Object.entries(keyring.keys).map(([id, b64]) => [id, Buffer.from(b64, 'base64')]));
    keyCache.set(keyring, keys);
  }
  return keys.get(kid);
}

function mac(key: Buffer, header: Buffer): Buffer {
  return createHmac('sha256', key).update(header).digest().subarray(0, MAC_BYTES);
}

function writeVarint(out: number[], value: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > 0xffffffff) throw new Error('link codes are 32-bit unsigned integers');
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

function readVarint(buf: Buffer, at: { i: number }): number | null {
  let value = 0;
  let scale = 1;
  for (let n = 0; n < 5; n++) {
    if (at.i >= buf.length) return null;
    const b = buf[at.i++]!;
    value += (b & 0x7f) * scale;
    if (!(b & 0x80)) {
      // Reject non-minimal encodings so each payload has exactly one token.
      if (n > 0 && b === 0) return null;
      return value <= 0xffffffff ? value : null;
    }
    scale *= 128;
  }
  return null;
}

/** Signs with the keyring's current key. */
export function encodeToken(keyring: Keyring, payload: Omit<TokenPayload, 'kid'>): string {
  const kid = keyring.current;
  const key = keyBytes(keyring, kid)!;
  const bytes: number[] = [(TOKEN_VERSION << 4) | TOKEN_KINDS[payload.kind], kid.length, ...Buffer.from(kid, 'ascii')];
  writeVarint(bytes, payload.tenantCode);
  writeVarint(bytes, payload.campaignCode);
  writeVarint(bytes, payload.userCode);
  let header = Buffer.from(bytes);
  if (payload.kind === 'recipient') {
    if (!payload.sealed?.length) throw new Error('a recipient token needs a sealed recipient');
    header = Buffer.concat([header, payload.sealed]);
  }
  return Buffer.concat([header, mac(key, header)]).toString('base64url');
}

/** The payload of a genuine token, or null for anything malformed, tampered or signed by an unknown key. */
export function decodeToken(keyring: Keyring, token: string): TokenPayload | null {
  if (token.length < 16 || token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const buf = Buffer.from(token, 'base64url');
  // base64url has spare bits in its last character: only the canonical spelling is accepted.
  if (buf.toString('base64url') !== token || buf.length < 2 + MAC_BYTES) return null;
  const header = buf.subarray(0, buf.length - MAC_BYTES);
  const version = header[0]! >> 4;
  const kindCode = header[0]! & 0x0f;
  if (version !== TOKEN_VERSION) return null;
  const kind = (Object.keys(TOKEN_KINDS) as TokenKind[]).find((k) => TOKEN_KINDS[k] === kindCode);
  if (!kind) return null;
  const kidLength = header[1]!;
  if (kidLength < 1 || kidLength > 4 || header.length < 2 + kidLength) return null;
  const kid = header.subarray(2, 2 + kidLength).toString('ascii');
  const key = /^[a-z0-9]+$/i.test(kid) ? keyBytes(keyring, kid) : undefined;
  if (!key) return null;
  if (!timingSafeEqual(mac(key, header), buf.subarray(buf.length - MAC_BYTES))) return null;
  const at = { i: 2 + kidLength };
  const tenantCode = readVarint(header, at);
  const campaignCode = readVarint(header, at);
  const userCode = readVarint(header, at);
  if (tenantCode === null || campaignCode === null || userCode === null) return null;
  const rest = header.subarray(at.i);
  if (kind === 'banner') return rest.length === 0 ? { kind, kid, tenantCode, campaignCode, userCode } : null;
  return rest.length > 0 ? { kind, kid, tenantCode, campaignCode, userCode, sealed: Buffer.from(rest) } : null;
}
