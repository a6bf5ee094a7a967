import { errors, jwtVerify } from 'jose';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { entraJwks, entraTenantOf } from './entra-keys.js';


/**
 * Entra directory roles that prove someone may bind their organisation to Herald: role template
 * ids as the `wids` claim carries them (Microsoft Entra built-in roles, "Template ID").
 */
export const ENTRA_ADMIN_ROLES = {
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
} as const;

/**
 * Who an ID token names: the Entra tenant and the user's immutable object id in it. The token's
 * `email` / `preferred_username` are deliberately not part of it: whoever administers the user
 * object can set them, so a person is found by `tid` + `oid` (in Graph or the directory synced
 * from it), never by a claimed address.
 */
export interface MicrosoftIdentity {
  /** The Entra tenant the user signed in to (the token's `tid`, matching its issuer). */
  tenantId: string;
  /** The user's object id in that tenant (`oid`), lower case. */
  objectId: string;
  /** Whether `wids` holds a role that may bind the organisation (see ENTRA_ADMIN_ROLES). */
  isOrganisationAdmin: boolean;
}

/**
 * Verifies an ID token of Herald's Entra app (signed by the identity platform's published keys,
 * for our client id, unexpired) and answers its tenant and address. The tenant is the one the
 * token's issuer names: a multi-tenant app must check the issuer against `tid`, or any tenant's
 * user could claim any other. The answer names the user by object id only (see MicrosoftIdentity).
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
  const oid = typeof payload.oid === 'string' ? payload.oid.trim().toLowerCase() : '';
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(oid)) {
    throw new AppError('invalid_argument', `${field}: the token names no Microsoft user (no object id); sign in with a work account`);
  }
  const wids = Array.isArray(payload.wids) ? payload.wids.filter((w): w is string => typeof w === 'string') : [];
  return { tenantId: tid, objectId: oid, isOrganisationAdmin: wids.some((w) => w.toLowerCase() in ENTRA_ADMIN_ROLES) };
}
