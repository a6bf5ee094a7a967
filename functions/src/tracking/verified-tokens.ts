import type { Keyring } from '../core/config.js';
import { decodeToken, type TokenPayload } from './token-codec.js';

/**
 * Link tokens already verified by this instance, so the same banner hit again (every open of every
 * email carries the same few tokens) skips the HMAC. Only genuine tokens are remembered: a flood of
 * forged ones cannot fill the map, and each still pays the full verification. The keyring is fixed
 * for the life of an instance (secrets are read at cold start), so a remembered verdict stays true.
 */
export class VerifiedTokens {
  private readonly verified = new Map<string, TokenPayload>();

  constructor(
    private readonly keyring: Keyring,
    private readonly maxEntries = 10_000,
  ) {}

  decode(token: string): TokenPayload | null {
    const known = this.verified.get(token);
    if (known) return known;
    const payload = decodeToken(this.keyring, token);
    if (payload) {
      if (this.verified.size >= this.maxEntries) this.verified.clear();
      this.verified.set(token, Object.freeze(payload));
    }
    return payload;
  }
}
