// The Gmail module alone: the `googleapis` index loads every Google API.
import { gmail as gmailApi } from 'googleapis/build/src/apis/gmail/index.js';
import type { Deps } from '../core/deps.js';
import { GMAIL_SIGNATURE_MAX_CHARS, imageSourceProblem, imageSources } from '../core/signature-limits.js';
import { googleAuthClient } from './service-account.js';
import { withBackoff, type BackoffOptions } from '../platform/with-backoff.js';

/** No service account credentials to act with: a setup problem, not worth retrying per user. */
export class GoogleCredentialsError extends Error {
  constructor() {
    super('no Google service account credentials are available');
    this.name = 'GoogleCredentialsError';
  }
}

/** The narrowest Gmail scope that can change a signature; the one to grant in domain-wide delegation. */
export const GMAIL_SIGNATURE_SCOPE = 'https://www.googleapis.com/auth/gmail.settings.basic';

/**
 * Whether this region can act as users at all (service account credentials present). Creating
 * an auth client does not call Google, so this is cheap; it keeps a region without credentials
 * from queuing deployments that could only fail.
 */
export async function gmailCredentialsAvailable(deps: Deps): Promise<boolean> {
  try {
    await googleAuthClient(deps, { subject: 'credentials-check@herald.invalid', scopes: [GMAIL_SIGNATURE_SCOPE] });
    return true;
  } catch {
    return false;
  }
}

/**
 * A signature Gmail would refuse or mangle, never sent (core/signature-limits.ts): longer than Gmail
 * takes (the renderer refuses to make one) or with an image that is not at an https:// address,
 * which Gmail drops (template saves refuse those; this guards templates saved before the rule).
 */
export class GmailSignatureNotSendable extends Error {
  constructor(
    readonly reason: 'signature_too_large' | 'image_not_https',
    message: string,
  ) {
    super(message);
    this.name = 'GmailSignatureNotSendable';
  }
}

/**
 * Sets the signature of a user's primary send-as address, impersonating the user through the
 * service account. Transient failures (429, 5xx) are retried with backoff here; anything else
 * is thrown with its HTTP status.
 */
export async function pushGmailSignature(deps: Deps, email: string, html: string, backoff: BackoffOptions = {}): Promise<void> {
  if (html.length > GMAIL_SIGNATURE_MAX_CHARS) throw new GmailSignatureNotSendable('signature_too_large', `a Gmail signature holds at most ${GMAIL_SIGNATURE_MAX_CHARS} characters`);
  const image = imageSources(html).map((src) => imageSourceProblem(src, deps.config.env)).find(Boolean);
  if (image) throw new GmailSignatureNotSendable('image_not_https', image);
  let auth;
  try {
    auth = await googleAuthClient(deps, { subject: email, scopes: [GMAIL_SIGNATURE_SCOPE] });
  } catch {
    throw new GoogleCredentialsError();
  }
  const gmail = gmailApi({ version: 'v1', auth, rootUrl: deps.config.externalEndpoints.gmailApiRoot });
  await withBackoff(
    () => gmail.users.settings.sendAs.patch({ userId: 'me', sendAsEmail: email, requestBody: { signature: html } }, { retry: false }),
    backoff,
  );
}
