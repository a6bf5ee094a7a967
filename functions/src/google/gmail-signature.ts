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

/** A Gmail client acting as `email` (domain-wide delegation, the signature scope). Creating it calls no one. */
export type GmailClient = ReturnType<typeof gmailApi>;

export async function gmailAs(deps: Deps, email: string): Promise<GmailClient> {
  let auth;
  try {
    auth = await googleAuthClient(deps, { subject: email, scopes: [GMAIL_SIGNATURE_SCOPE] });
  } catch {
    throw new GoogleCredentialsError();
  }
  return gmailApi({ version: 'v1', auth, rootUrl: deps.config.externalEndpoints.gmailApiRoot });
}

/** One send-as address of an account, as sendAs.list / sendAs.get answer it (only what Herald reads). */
export interface SendAsAddress {
  /** Lower case. */
  sendAsEmail: string;
  isPrimary: boolean;
  /** Custom "from" addresses only: `accepted`, `pending`…; null for the primary and Workspace aliases. */
  verificationStatus: string | null;
  signature: string;
}

function sendAsOf(x: { sendAsEmail?: string | null; isPrimary?: boolean | null; verificationStatus?: string | null; signature?: string | null }): SendAsAddress {
  return { sendAsEmail: (x.sendAsEmail ?? '').toLowerCase(), isPrimary: x.isPrimary === true, verificationStatus: x.verificationStatus ?? null, signature: x.signature ?? '' };
}

/** Every send-as address of the account (its primary and its aliases): one call, 1 quota unit. */
export async function listSendAs(gmail: GmailClient, backoff: BackoffOptions = {}): Promise<SendAsAddress[]> {
  const res = await withBackoff(() => gmail.users.settings.sendAs.list({ userId: 'me' }, { retry: false }), backoff);
  return (res.data.sendAs ?? []).map(sendAsOf).filter((a) => a.sendAsEmail !== '');
}

/** One send-as address as Gmail holds it now (its signature included). */
export async function getSendAs(gmail: GmailClient, sendAsEmail: string, backoff: BackoffOptions = {}): Promise<SendAsAddress> {
  const res = await withBackoff(() => gmail.users.settings.sendAs.get({ userId: 'me', sendAsEmail }, { retry: false }), backoff);
  return sendAsOf(res.data);
}

/**
 * Sets the signature of one send-as address (the primary or an alias) of the account `gmail` acts
 * as. Transient failures (429, 5xx) are retried with backoff here; anything else is thrown with
 * its HTTP status. Answers the signature as Gmail stored it (Gmail may rewrite the HTML it is
 * given; what it answers is what a later sendAs.get reads back).
 */
export async function patchSendAsSignature(deps: Deps, gmail: GmailClient, sendAsEmail: string, html: string, backoff: BackoffOptions = {}): Promise<string> {
  if (html.length > GMAIL_SIGNATURE_MAX_CHARS) throw new GmailSignatureNotSendable('signature_too_large', `a Gmail signature holds at most ${GMAIL_SIGNATURE_MAX_CHARS} characters`);
  const image = imageSources(html).map((src) => imageSourceProblem(src, deps.config.env)).find(Boolean);
  if (image) throw new GmailSignatureNotSendable('image_not_https', image);
  const res = await withBackoff(() => gmail.users.settings.sendAs.patch({ userId: 'me', sendAsEmail, requestBody: { signature: html } }, { retry: false }), backoff);
  return res.data.signature ?? html;
}
