import { OAuth2Client } from 'google-auth-library';
import type { Config } from '../core/config.js';
import { AppError } from '../core/errors.js';
import { notConfigured } from '../core/not-configured.js';

/** The Google user behind an add-on request, from their verified ID token. */
export interface AddonUser {
  /** Lower-cased, verified by Google. */
  email: string;
  /** The Google Workspace domain of the account (`hd`): consumer accounts have none. */
  hostedDomain: string;
}

/**
 * Verifies both Google-signed ID tokens of an add-on request with google-auth-library: the
 * request's own token (Authorization header: signed for the add-on's service account, audience
 * the endpoint URL) proves Google sent it for Herald's deployment; the user's `userIdToken`
 * (audience the deployment's OAuth client) says who is composing.
 * The certificates come from `externalEndpoints.googleCertsUrl`: Google's in production, a local
 * server in tests. Error messages never carry the token or its claims (they hold the address).
 */
export class GoogleTokenVerifier {
  private readonly client: OAuth2Client;

  constructor(private readonly config: Pick<Config, 'gmailAddon' | 'externalEndpoints'>) {
    // One client per instance: it caches the certificates for as long as Google's max-age says.
    this.client = new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: config.externalEndpoints.googleCertsUrl } });
  }

  /** Throws unless the add-on's identities are configured (they exist only once it is deployed). */
  assertConfigured(): void {
    const { serviceAccount, clientId } = this.config.gmailAddon;
    if (!serviceAccount || !clientId) throw notConfigured('The Gmail add-on', 'unavailable');
  }

  async verifyRequest(authorization: string | undefined): Promise<void> {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token) throw new AppError('unauthenticated', 'authorization: a Google-signed bearer token is required');
    const payload = await this.verify(token, this.config.gmailAddon.url, 'authorization');
    if (payload.email !== this.config.gmailAddon.serviceAccount || payload.email_verified !== true) {
      throw new AppError('unauthenticated', "authorization: not signed for this region's add-on service account");
    }
  }

  async verifyUser(userIdToken: string): Promise<AddonUser> {
    const payload = await this.verify(userIdToken, this.config.gmailAddon.clientId, 'authorizationEventObject.userIdToken');
    if (!payload.email || payload.email_verified !== true) throw new AppError('unauthenticated', 'authorizationEventObject.userIdToken: no verified email address');
    if (!payload.hd) throw new AppError('permission_denied', 'authorizationEventObject.userIdToken: not a Google Workspace account');
    return { email: payload.email.toLowerCase(), hostedDomain: payload.hd.toLowerCase() };
  }

  private async verify(idToken: string, audience: string, field: string) {
    try {
      const ticket = await this.client.verifyIdToken({ idToken, audience });
      const payload = ticket.getPayload();
      if (!payload) throw new Error('no payload');
      return payload;
    } catch (err) {
      // The library's messages quote the token and its claims: keep only which check failed.
      const reason = err instanceof Error ? whichCheck(err.message) : 'invalid';
      if (reason === 'certificates') throw new AppError('unavailable', `${field}: Google's signing certificates could not be fetched`);
      throw new AppError('unauthenticated', `${field}: ${reason}`);
    }
  }
}

function whichCheck(message: string): string {
  if (message.startsWith('Failed to retrieve verification certificates')) return 'certificates';
  if (message.startsWith('Token used too late')) return 'expired';
  if (message.startsWith('Token used too early')) return 'not yet valid';
  if (message.startsWith('Wrong recipient')) return 'wrong audience';
  if (message.startsWith('Invalid issuer')) return 'not issued by Google';
  if (message.startsWith('Invalid token signature') || message.startsWith('No pem found')) return 'bad signature';
  return 'not a valid ID token';
}
