// The Gmail module alone: the `googleapis` index loads every Google API.
import { gmail as gmailApi } from 'googleapis/build/src/apis/gmail/index.js';
import type { Deps } from '../core/deps.js';
import { DIRECTORY_SCOPES } from './directory-client.js';
import { GMAIL_SIGNATURE_SCOPE } from './gmail-signature.js';
import { googleAuthClient } from './service-account.js';

/**
 * What one call as a customer's admin says about their domain-wide delegation. Google answers
 * every missing grant with the same `unauthorized_client`, whether the client id is absent or only
 * a scope is: a second token request for the directory scopes alone tells the two apart.
 */
export type DelegationOutcome =
  | 'ok'
  | 'not_delegated'
  | 'gmail_scope_missing'
  | 'user_not_found'
  | 'mail_service_off'
  | 'refused'
  | 'google_unavailable'
  | 'no_credentials';

/** Every scope Herald acts with, in the order to paste them into the Admin console (comma-separated there). */
export const DELEGATION_SCOPES = [...DIRECTORY_SCOPES, GMAIL_SIGNATURE_SCOPE];

interface GoogleFailure {
  status: number | undefined;
  error: string;
  description: string;
  reason: string;
}

/** The parts of a googleapis / google-auth-library error that classify it (token endpoint or API). */
function failureOf(err: unknown): GoogleFailure {
  const e = err as { status?: number; code?: number | string; response?: { status?: number; data?: unknown }; message?: string };
  const data = (e?.response?.data ?? {}) as { error?: unknown; error_description?: unknown };
  const apiError = typeof data.error === 'object' && data.error ? (data.error as { message?: string; errors?: { reason?: string }[]; status?: string }) : undefined;
  return {
    status: e?.response?.status ?? e?.status ?? (typeof e?.code === 'number' ? e.code : undefined),
    error: typeof data.error === 'string' ? data.error : '',
    description: typeof data.error_description === 'string' ? data.error_description : (apiError?.message ?? e?.message ?? ''),
    reason: apiError?.errors?.[0]?.reason ?? apiError?.status ?? '',
  };
}

async function tokenFor(deps: Deps, subject: string, scopes: string[]): Promise<GoogleFailure | null> {
  try {
    await googleAuthClient(deps, { subject, scopes }).authorize();
    return null;
  } catch (err) {
    return failureOf(err);
  }
}

function isUnauthorizedClient(f: GoogleFailure): boolean {
  return f.error === 'unauthorized_client' || /unauthorized_client/.test(f.description);
}

/**
 * One real, read-only call as `adminEmail`: a token for the Gmail settings scope, then Gmail's
 * `sendAs.get` of their own address (nothing is changed). Never throws for Google's answers.
 */
export async function checkGmailDelegation(deps: Deps, adminEmail: string): Promise<DelegationOutcome> {
  if (!deps.config.googleServiceAccount) return 'no_credentials';
  const denied = await tokenFor(deps, adminEmail, [GMAIL_SIGNATURE_SCOPE]);
  if (denied) {
    if (isUnauthorizedClient(denied)) {
      const directory = await tokenFor(deps, adminEmail, DIRECTORY_SCOPES);
      return directory === null ? 'gmail_scope_missing' : 'not_delegated';
    }
    if (denied.error === 'invalid_grant' && /invalid email or user id/i.test(denied.description)) return 'user_not_found';
    return denied.status !== undefined && denied.status >= 500 ? 'google_unavailable' : denied.status === undefined ? 'google_unavailable' : 'refused';
  }
  const gmail = gmailApi({ version: 'v1', auth: googleAuthClient(deps, { subject: adminEmail, scopes: [GMAIL_SIGNATURE_SCOPE] }), rootUrl: deps.config.externalEndpoints.gmailApiRoot });
  try {
    await gmail.users.settings.sendAs.get({ userId: 'me', sendAsEmail: adminEmail }, { retry: false });
    return 'ok';
  } catch (err) {
    const f = failureOf(err);
    if (f.status === 400 && /failedPrecondition|FAILED_PRECONDITION/.test(f.reason + f.description) || /mail service not enabled/i.test(f.description)) return 'mail_service_off';
    if (f.status === 403 && /insufficient/i.test(f.reason + f.description)) return 'gmail_scope_missing';
    if (f.status === 401) return 'not_delegated';
    if (f.status === 404) return 'user_not_found';
    if (f.status === undefined || f.status >= 500 || f.status === 429) return 'google_unavailable';
    return 'refused';
  }
}
