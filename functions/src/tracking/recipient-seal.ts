import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { RecipientKeyring } from '../core/config.js';

/**
 * Recipient addresses are sealed with AES-256-GCM (authenticated encryption): in a link the address
 * is unreadable and cannot be altered, and at rest it is readable only with the key. Layout:
 * key id length ‖ key id ‖ 12-byte nonce ‖ ciphertext ‖ 16-byte tag. `context` is bound as
 * additional data, so a sealed value cannot be replayed in another tenant or token.
 */
const NONCE = 12;
/** The cipher: read by the compliance pack's Art. 32 measures (compliance/code-facts.ts). */
export const SEAL_CIPHER = 'aes-256-gcm';
const TAG = 16;

export function normalizeRecipient(email: string): string {
  return email.trim().toLowerCase();
}

export function sealRecipient(keyring: RecipientKeyring, email: string, context: string): Buffer {
  const kid = keyring.current;
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv(SEAL_CIPHER, Buffer.from(keyring.keys[kid]!, 'base64'), nonce);
  cipher.setAAD(Buffer.from(context));
  const ct = Buffer.concat([cipher.update(normalizeRecipient(email), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([kid.length]), Buffer.from(kid, 'ascii'), nonce, ct, cipher.getAuthTag()]);
}

export function openRecipient(keyring: RecipientKeyring, sealed: Buffer, context: string): string | null {
  const kidLength = sealed[0] ?? 0;
  if (kidLength < 1 || kidLength > 4 || sealed.length < 1 + kidLength + NONCE + TAG + 1) return null;
  const kid = sealed.subarray(1, 1 + kidLength).toString('ascii');
  const key = Object.hasOwn(keyring.keys, kid) ? keyring.keys[kid] : undefined;
  if (!key) return null;
  const nonce = sealed.subarray(1 + kidLength, 1 + kidLength + NONCE);
  const ct = sealed.subarray(1 + kidLength + NONCE, sealed.length - TAG);
  try {
    const decipher = createDecipheriv(SEAL_CIPHER, Buffer.from(key, 'base64'), nonce);
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * Keyed hash of a recipient address: finds (and erases) a recipient's clicks without a plaintext
 * index. The hash key never rotates, or earlier clicks could no longer be found.
 */
export function hashRecipient(keyring: RecipientKeyring, email: string): string {
  return createHmac('sha256', Buffer.from(keyring.hashKey, 'base64')).update(normalizeRecipient(email)).digest('hex');
}

/** The additional data binding an address sealed at rest to its tenant. */
export const atRestContext = (tenantId: string) => `herald/recipient-at-rest/${tenantId}`;
/** The additional data binding an address sealed in a link to its tenant code. */
export const inTokenContext = (tenantCode: number) => `herald/recipient-in-link/${tenantCode}`;
