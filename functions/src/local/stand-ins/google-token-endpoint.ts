import { randomBytes } from 'node:crypto';

/**
 * Google's OAuth token endpoint as a service account sees it: a JWT-bearer assertion (signed by
 * the test key; the fake does not check signatures) in, an access token for its `sub` out. Fakes
 * of Google APIs use `who()` to learn which user a request impersonates.
 *
 * What the customer's super admin set up can be played too, with Google's own answers:
 * `delegatedScopes` (null: anything is delegated) are the scopes granted to the service account in
 * the Admin console's domain-wide delegation; asking for any other is refused with
 * `unauthorized_client`. `unknownSubjects` are addresses Google has no active account for
 * (`invalid_grant`, "Invalid email or User ID").
 */
export class GoogleTokenEndpoint {
  readonly tokens = new Map<string, { sub: string; scope: string }>();
  readonly assertions: { iss: string; sub: string; scope: string; aud: string }[] = [];
  delegatedScopes: Set<string> | null = null;
  readonly unknownSubjects = new Set<string>();

  /** Answers the form body of a POST to the token endpoint. */
  answer(formBody: string): { status: number; body: Record<string, unknown> } {
    const form = new URLSearchParams(formBody);
    const assertion = form.get('assertion') ?? '';
    const claims = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}');
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || !claims.sub) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'bad assertion' } };
    }
    this.assertions.push({ iss: claims.iss, sub: claims.sub, scope: claims.scope, aud: claims.aud });
    const asked = String(claims.scope ?? '').split(' ').filter(Boolean);
    if (this.delegatedScopes && !asked.every((s) => this.delegatedScopes!.has(s))) {
      return { status: 401, body: { error: 'unauthorized_client', error_description: 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.' } };
    }
    if (this.unknownSubjects.has(String(claims.sub).toLowerCase())) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid email or User ID' } };
    }
    const token = 'ya29.fake-' + randomBytes(8).toString('hex');
    this.tokens.set(token, { sub: claims.sub, scope: claims.scope });
    return { status: 200, body: { access_token: token, expires_in: 3600, token_type: 'Bearer' } };
  }

  /** The impersonated user and scopes behind an `Authorization` header, if its token was issued here. */
  who(authorization: string | string[] | undefined): { sub: string; scope: string } | undefined {
    const token = /^Bearer (.+)$/.exec(String(authorization ?? ''))?.[1];
    return token ? this.tokens.get(token) : undefined;
  }
}
