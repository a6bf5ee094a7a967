import { createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { json, startHttpFake } from './http-fake.js';

/**
 * Google as an ID-token issuer, on the far side of the network: RSA keys generated here, the
 * public half served like https://www.googleapis.com/oauth2/v1/certs (a JSON map key id -> PEM,
 * with a max-age), and RS256 JWTs signed with the private half. google-auth-library's
 * OAuth2Client fetches the map from the URL its `endpoints.oauth2FederatedSignonPemCertsUrl`
 * names and verifies signatures, expiry, issuer and audience itself.
 * Google serves X.509 certificates there; Node's verifier takes a bare SPKI public key PEM the
 * same way, so the fake serves that (no certificate authority needed to test the checks).
 */
export interface GoogleIdTokenIssuer {
  certsUrl: string;
  /** Requests the verifier made for the certificates. */
  certRequests(): number;
  /** A token signed by a served key; `exp` defaults to an hour from `iat` (now). */
  sign(claims: Record<string, unknown>): string;
  /** A token whose key id is served but whose signature comes from another key (a forgery). */
  forge(claims: Record<string, unknown>): string;
  close(): Promise<void>;
}

function rsa(): { privateKey: KeyObject; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

function jwt(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify({ iss: 'https://accounts.google.com', iat: now, exp: now + 3600, ...claims })).toString('base64url');
  const signature = createSign('RSA-SHA256').update(`${header}.${body}`).sign(key).toString('base64url');
  return `${header}.${body}.${signature}`;
}

export async function startGoogleIdTokenIssuer(): Promise<GoogleIdTokenIssuer> {
  const kid = randomBytes(8).toString('hex');
  const key = rsa();
  const attacker = rsa();
  const fake = await startHttpFake((req, res) => {
    if (req.method === 'GET' && req.path === '/oauth2/v1/certs') return json(res, 200, { [kid]: key.publicPem }, { 'cache-control': 'public, max-age=3600' });
    json(res, 404, { error: 'not found' });
  });
  return {
    certsUrl: `${fake.url}/oauth2/v1/certs`,
    certRequests: () => fake.requests.filter((r) => r.path === '/oauth2/v1/certs').length,
    sign: (claims) => jwt(key.privateKey, kid, claims),
    forge: (claims) => jwt(attacker.privateKey, kid, claims),
    close: () => fake.close(),
  };
}
