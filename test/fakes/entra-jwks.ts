import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { json, startHttpFake } from './http-fake.js';

/**
 * Microsoft Entra's signing side, locally: an RSA key pair, its public key served as a JWKS at
 * the path Entra uses (`/common/discovery/v2.0/keys`), and access tokens signed like Entra's v2
 * tokens. Point MICROSOFT_LOGIN_URL at `url`.
 */
export async function startEntraFake() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'test-key-1';
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  const state = { keysDown: false };
  const fake = await startHttpFake((req, res) => {
    if (req.path === '/common/discovery/v2.0/keys') return state.keysDown ? json(res, 503, { error: 'temporarily_unavailable' }) : json(res, 200, { keys: [jwk] });
    json(res, 404, { error: 'not_found' });
  });
  return {
    url: fake.url,
    /** While true, the key endpoint answers 503 (an Entra outage). */
    state,
    requests: fake.requests,
    close: fake.close,
    /** A v2 access token; `claims` override the defaults (tid, iss, aud, scp, exp ...). */
    async token(claims: JWTPayload & { tid: string }, key: CryptoKey = privateKey, expiresInSeconds = 3600, keyId = kid): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      const payload: JWTPayload = {
        iss: `https://login.microsoftonline.com/${claims.tid}/v2.0`,
        iat: now,
        nbf: now,
        exp: now + expiresInSeconds,
        ver: '2.0',
        scp: 'access_as_user',
        ...claims,
      };
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: keyId, typ: 'JWT' }).sign(key);
    },
  };
}
