import { hkdfSync } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../core/config.js';
import { AppError } from '../core/errors.js';

/** How long an admin has to go through Microsoft's consent screen and come back. */
export const CONSENT_STATE_TTL_S = 15 * 60;

const AUDIENCE = 'herald:microsoft-admin-consent';
const INFO = 'herald/microsoft-consent-state/v1';

/** What the `state` of an admin-consent round trip names: who started it, for which Herald tenant, about which organisation. */
export interface ConsentState {
  tenantId: string;
  uid: string;
  /** The organisation's domain Herald's app could not read when the round trip started. */
  domain: string;
}

/**
 * A purpose-bound HMAC key derived (HKDF-SHA256) from one key of the link keyring: one secret to
 * provision and rotate (LINK_KEYS), and a state can never be mistaken for a link token or vice
 * versa. The key id travels in the header so a state survives a rotation for its 15 minutes.
 */
function stateKey(config: Config, kid: string): Uint8Array | null {
  const secret = config.linkKeys.keys[kid];
  if (!secret) return null;
  return new Uint8Array(hkdfSync('sha256', Buffer.from(secret, 'base64'), Buffer.alloc(0), INFO, 32));
}

/** A signed, expiring `state` (HS256 JWT) naming the Herald tenant, the owner and the organisation's domain. */
export async function signConsentState(config: Config, state: ConsentState, now: Date): Promise<string> {
  const kid = config.linkKeys.current;
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ tenant: state.tenantId, domain: state.domain })
    .setProtectedHeader({ alg: 'HS256', kid })
    .setSubject(state.uid)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + CONSENT_STATE_TTL_S)
    .sign(stateKey(config, kid)!);
}

/**
 * The state's content, if Herald signed it, it has not expired, and it was issued to this owner
 * of this tenant; otherwise a clear refusal naming `body.state`.
 */
export async function verifyConsentState(config: Config, token: string, expected: { tenantId: string; uid: string }, now: Date): Promise<ConsentState> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, async (header) => {
      const key = stateKey(config, header.kid ?? '');
      if (!key) throw new Error('unknown key id');
      return key;
    }, {
      algorithms: ['HS256'],
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw new AppError('failed_precondition', 'body.state: the consent link has expired; get a new admin-consent link and try again');
    throw new AppError('permission_denied', 'body.state: not an admin-consent link Herald issued');
  }
  if (typeof payload.tenant !== 'string' || typeof payload.domain !== 'string' || payload.tenant !== expected.tenantId || payload.sub !== expected.uid) {
    throw new AppError('permission_denied', 'body.state: this admin-consent link was issued for another tenant or another owner; get a new one');
  }
  return { tenantId: payload.tenant, uid: payload.sub, domain: payload.domain };
}
