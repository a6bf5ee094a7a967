import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { Config } from '../core/config.js';
import { AppError } from '../core/errors.js';
import { entraJwks, entraTenantOf } from '../microsoft/entra-keys.js';

/** The delegated scope the add-in asks for (App ID URI `api://<add-in host>/<client id>`). */
export const ADDIN_SCOPE_NAME = 'access_as_user';

/** Claims Herald uses from an Entra access token (v2). */
export interface EntraClaims {
  /** The Entra tenant (directory) id. */
  tid: string;
  /** The user's immutable object id in that tenant, lower case: how Herald finds the person (never by sign-in name, which an admin of the user object can change). */
  oid: string;
}

/** The App ID URI of Herald's API as the add-in requests it. */
export function addinAppIdUri(config: Config): string {
  return `api://${new URL(config.outlookAddin.origin).host}/${config.outlookAddin.clientId}`;
}

/**
 * Verifies an Entra ID v2 access token issued to Herald's app: signature (Entra's JWKS, RS256),
 * audience (the client id, or the App ID URI), issuer (`https://login.microsoftonline.com/{tid}/v2.0`
 * of the token's own tenant: Herald's app is multi-tenant, so the issuer is checked against `tid`),
 * expiry and not-before (60 s of clock skew), and the delegated scope. Which Herald tenant, if any,
 * is bound to `tid` is decided by the caller.
 */
export async function verifyEntraToken(config: Config, token: string, now: Date = new Date()): Promise<EntraClaims> {
  const { clientId } = config.outlookAddin;
  if (!clientId || !config.outlookAddin.origin) throw new AppError('failed_precondition', 'the Outlook add-in is not configured in this region');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, entraJwks(config.externalEndpoints.microsoftLogin), {
      algorithms: ['RS256'],
      audience: [clientId, addinAppIdUri(config)],
      clockTolerance: 60,
      currentDate: now,
      requiredClaims: ['tid', 'oid', 'iss', 'exp'],
    }));
  } catch (err) {
    // Entra's keys unreachable is our outage, not a bad token: the add-in falls back to its cached signature.
    if (keysUnavailable(err)) throw new AppError('unavailable', 'Microsoft signing keys could not be fetched; try again');
    throw new AppError('unauthenticated', `the Microsoft access token is not valid: ${reason(err)}`);
  }
  const tid = entraTenantOf(payload);
  if (!tid) throw new AppError('unauthenticated', 'the Microsoft access token is not valid: unexpected "iss" claim value (not its own Entra tenant)');
  const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
  if (!scopes.includes(ADDIN_SCOPE_NAME)) throw new AppError('unauthenticated', `the Microsoft access token is not valid: it lacks the ${ADDIN_SCOPE_NAME} scope`);
  return { tid, oid: String(payload.oid).toLowerCase() };
}

/** Entra's key endpoint timed out, failed or answered garbage (jose reports a non-200 answer as a generic error). */
function keysUnavailable(err: unknown): boolean {
  if (!(err instanceof errors.JOSEError)) return true;
  return err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || err.code === 'ERR_JOSE_GENERIC';
}

/** jose's reason, which names the failed check and never echoes the token. */
function reason(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'it has expired';
  if (err instanceof errors.JWTClaimValidationFailed) return err.message;
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (err instanceof errors.JWKSNoMatchingKey) return 'signed by an unknown key';
  if (err instanceof errors.JOSEError) return err.code;
  return 'malformed';
}
