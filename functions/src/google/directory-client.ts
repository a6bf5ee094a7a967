import { admin_directory_v1 } from 'googleapis/build/src/apis/admin/directory_v1.js';
import type { Deps } from '../core/deps.js';
import { googleAuthClient } from './service-account.js';

/** Read-only scopes: Herald never changes a customer's Workspace. */
export const DIRECTORY_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.readonly',
];

/**
 * The Admin SDK Directory API as the customer's admin. googleapis' own retries are off: the
 * sync's backoff decides (it also covers 403 rateLimitExceeded, which googleapis does not retry).
 */
export function googleDirectory(deps: Deps, adminEmail: string) {
  return new admin_directory_v1.Admin({
    auth: googleAuthClient(deps, { subject: adminEmail, scopes: DIRECTORY_SCOPES }),
    rootUrl: deps.config.externalEndpoints.googleApiRoot,
    retry: false,
  });
}
