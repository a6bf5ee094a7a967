import { errors, jwtVerify } from 'jose';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { entraJwks, entraTenantOf } from './entra-keys.js';


export interface MicrosoftIdentity {
  /** The Entra tenant the user signed in to (the token's `tid`, matching its issuer). */
  tenantId: string;
  /** The user's address as Entra states it (lower case); vouched for only on that tenant's verified domains. */
  email: string | null;
}

/**
 * Verifies an ID token of Herald's Entra app (signed by the identity platform's published keys,
 * for our client id, unexpired) and answers its tenant and address. The tenant is the one the
 * token's issuer names: a multi-tenant app must check the issuer against `tid`, or any tenant's
 * user could claim any other.
 */
export async function verifyMicrosoftIdToken(deps: Deps, idToken: string, field = 'body.idToken'): Promise<MicrosoftIdentity> {
  const clientId = deps.config.microsoft?.clientId;
  if (!clientId) throw new AppError('failed_precondition', 'Microsoft 365 is not configured on this deployment');
  let payload;
  try {
    ({ payload } = await jwtVerify(idToken, entraJwks(deps.config.externalEndpoints.microsoftLogin), { audience: clientId, algorithms: ['RS256'], clockTolerance: 60 }));
  } catch (err) {
    if (err instanceof errors.JOSEError && (err.code === 'ERR_JWKS_TIMEOUT' || err.code === 'ERR_JOSE_GENERIC')) {
      throw new AppError('unavailable', "Microsoft's signing keys could not be read; try again in a minute");
    }
    throw new AppError('invalid_argument', `${field}: not a valid, current Microsoft ID token for Herald`);
  }
  const tid = entraTenantOf(payload);
  if (!tid) {
    throw new AppError('invalid_argument', `${field}: the token's issuer is not its own Entra tenant`);
  }
  const raw = typeof payload.email === 'string' ? payload.email : typeof payload.preferred_username === 'string' ? payload.preferred_username : null;
  return { tenantId: tid, email: raw && raw.includes('@') ? raw.trim().toLowerCase() : null };
}
