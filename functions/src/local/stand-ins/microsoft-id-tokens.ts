import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * The Microsoft identity platform's ID tokens as a fake issues them: RS256-signed by a key whose
 * public half is served at `/common/discovery/v2.0/keys` (as login.microsoftonline.com does), with
 * the v2.0 claims Herald reads: `tid`, `iss` of that tenant, `aud` = the app's client id, the
 * user's address in `email` / `preferred_username` (which the user object's admin can set to anything),
 * their object id in `oid`, and their directory roles' template ids in `wids` when given.
 */
export class MicrosoftIdTokens {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly jwk: JWK,
  ) {}

  static async create(): Promise<MicrosoftIdTokens> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'fake-kid-1', use: 'sig', alg: 'RS256' };
    return new MicrosoftIdTokens(privateKey, jwk);
  }

  /** The JWKS document. */
  keys(): { keys: JWK[] } {
    return { keys: [this.jwk] };
  }

  /** An ID token for a user of Entra tenant `tid`, for the app `clientId`. */
  async sign(input: { tid: string; clientId: string; email: string; oid?: string; wids?: string[]; issuerTid?: string; expiresIn?: string }): Promise<string> {
    return new SignJWT({ tid: input.tid, email: input.email, preferred_username: input.email, oid: input.oid ?? '00000000-0000-4000-8000-00000000a11c', ver: '2.0', ...(input.wids ? { wids: input.wids } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: this.jwk.kid!, typ: 'JWT' })
      .setIssuer(`https://login.microsoftonline.com/${input.issuerTid ?? input.tid}/v2.0`)
      .setAudience(input.clientId)
      .setSubject('fake-subject')
      .setIssuedAt()
      .setExpirationTime(input.expiresIn ?? '1h')
      .sign(this.privateKey);
  }

  /** A v2 access token for Herald's API as the Outlook add-in gets it for a signed-in user (delegated scope access_as_user). */
  async signAccess(input: { tid: string; clientId: string; oid: string; expiresIn?: string }): Promise<string> {
    return new SignJWT({ tid: input.tid, oid: input.oid, scp: 'access_as_user', ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', kid: this.jwk.kid!, typ: 'JWT' })
      .setIssuer(`https://login.microsoftonline.com/${input.tid}/v2.0`)
      .setAudience(input.clientId)
      .setSubject('fake-subject')
      .setIssuedAt()
      .setExpirationTime(input.expiresIn ?? '1h')
      .sign(this.privateKey);
  }
}
