// The admin API module alone, not the `googleapis` index that loads every Google API (~90 MB of RSS);
// its `auth` is the same google-auth-library every googleapis client accepts.
import { auth as googleAuth } from 'googleapis/build/src/apis/admin/index.js';
import type { Deps } from '../core/deps.js';
import { notConfigured } from '../core/not-configured.js';

/** The token endpoint google-auth-library posts service-account assertions to (fixed in the library). */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/**
 * An auth client acting as the product's service account with domain-wide delegation,
 * impersonating `subject` (a customer admin for the Directory API, an employee for Gmail).
 * Usable as `auth` by every googleapis client. The token endpoint is the configured one: the
 * library hard-codes Google's, so a request interceptor redirects it when the config says so
 * (tests point it at a local fake; production never overrides it).
 */
export function googleAuthClient(deps: Deps, input: { subject: string; scopes: string[] }) {
  const key = deps.config.googleServiceAccount;
  if (!key) throw notConfigured('Google Workspace sync');
  const client = new googleAuth.JWT({ email: key.client_email, key: key.private_key, scopes: input.scopes, subject: input.subject });
  const tokenUrl = deps.config.externalEndpoints.googleTokenUrl;
  if (tokenUrl !== GOOGLE_TOKEN_URL) {
    client.transporter.interceptors.request.add({
      resolved: async (options) => {
        if (String(options.url) === GOOGLE_TOKEN_URL) options.url = new URL(tokenUrl);
        return options;
      },
    });
  }
  return client;
}
