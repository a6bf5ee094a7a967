import { createRemoteJWKSet, type JWTPayload } from 'jose';

const jwksByUrl = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/**
 * Entra's signing keys (the identity platform's `common` JWKS under `login`), fetched and cached by
 * jose and refetched when a token names an unknown key id, which is how Entra's key rollover shows
 * up. One set per URL, shared by every verifier (ID tokens of sign-ins, the add-in's access tokens).
 */
export function entraJwks(login: string): ReturnType<typeof createRemoteJWKSet> {
  const url = `${login.replace(/\/$/, '')}/common/discovery/v2.0/keys`;
  let jwks = jwksByUrl.get(url);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 6 * 3600_000 });
    jwksByUrl.set(url, jwks);
  }
  return jwks;
}

/**
 * The Entra tenant a verified token belongs to (lower case), or null. Herald's app is
 * multi-tenant, so the issuer must be the token's own tenant: otherwise any tenant's user could
 * claim any other.
 */
export function entraTenantOf(payload: JWTPayload): string | null {
  const tid = typeof payload.tid === 'string' ? payload.tid.toLowerCase() : '';
  if (!/^[0-9a-f-]{36}$/.test(tid)) return null;
  return payload.iss === `https://login.microsoftonline.com/${tid}/v2.0` ? tid : null;
}
