import { google } from 'googleapis';
import type { Deps } from '../deps.js';

type AuthClient = InstanceType<typeof google.auth.OAuth2> | InstanceType<typeof google.auth.GoogleAuth>;

/**
 * An auth client acting as `subject` through the service account's domain-wide delegation.
 * MINIMAL VERSION on the issue 5 branch: the directory-sync issue (4) owns this file and its
 * implementation replaces this one at merge. In production the service account key comes from
 * Application Default Credentials; outside production, when the Google APIs point at a local
 * fake, a static token naming the subject stands in (the fake checks who is impersonated).
 */
export async function googleAuthClient(deps: Deps, input: { subject: string; scopes: string[] }): Promise<AuthClient> {
  if (deps.config.env !== 'production' && deps.config.googleApiRootUrl) {
    const client = new google.auth.OAuth2();
    client.setCredentials({
      access_token: `fake.${Buffer.from(input.subject).toString('base64url')}.${Buffer.from(input.scopes.join(' ')).toString('base64url')}`,
      expiry_date: Date.now() + 3_600_000,
    });
    return client;
  }
  if (deps.config.env !== 'production') {
    throw new Error('Google credentials exist only in production, or against a local fake (set GOOGLE_API_ROOT_URL)');
  }
  return new google.auth.GoogleAuth({ scopes: input.scopes, clientOptions: { subject: input.subject } });
}
