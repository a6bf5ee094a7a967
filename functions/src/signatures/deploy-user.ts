import { createHash } from 'node:crypto';
import type { DocInput, DocOf } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { AliasDeploymentDoc } from '../core/schemas/signature.js';
import type { TenantDoc } from '../core/schemas/tenant.js';
import type { UserDoc } from '../core/schemas/user.js';
import { GmailSignatureNotSendable, GoogleCredentialsError, gmailAs, listSendAs, patchSendAsSignature, type GmailClient, type SendAsAddress } from '../google/gmail-signature.js';
import { JobHeldError } from '../jobs/job-control.js';
import { httpStatusOf, isTransient, type BackoffOptions } from '../platform/with-backoff.js';
import { isVerifiedAddress } from '../trust/verified-domains.js';
import { SignatureTooLarge } from './signature-too-large.js';
import { signatureFor, type SignatureContext, type UserSignature } from './user-signature.js';

export type Outcome = 'pushed' | 'unchanged' | 'failed' | 'skipped' | 'outside_verified_domains' | 'too_large';
/** What happened at each alias (send-as addresses besides the primary), counted apart from the users. */
export type AliasOutcome = 'aliases_pushed' | 'aliases_unchanged' | 'aliases_failed' | 'aliases_skipped_unverified';
export const ALIAS_OUTCOMES: readonly AliasOutcome[] = ['aliases_pushed', 'aliases_unchanged', 'aliases_failed', 'aliases_skipped_unverified'];

type Deployment = DocOf<'signatureDeployments'>;
type Aliases = Record<string, AliasDeploymentDoc>;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** An alias's key in a deployment's `aliases` map: a hash of the lower-case address (no dots or slashes in a field name). */
export function aliasKey(address: string): string {
  return `a${sha256(address.trim().toLowerCase()).slice(0, 24)}`;
}

/**
 * Whether Herald may write this alias's signature: on a domain the tenant proved it owns, and, for a
 * custom "from" address (the only kind Gmail gives a `verificationStatus`), verified by Gmail.
 */
export function aliasPushable(tenant: Pick<TenantDoc, 'verifiedDomains'>, alias: { sendAsEmail: string; verificationStatus: string | null }): boolean {
  return isVerifiedAddress(tenant, alias.sendAsEmail) && (alias.verificationStatus === null || alias.verificationStatus === 'accepted');
}

/** The latest drift still on record at any of a deployment's addresses (the console lists these). */
export function latestDrift(primary: Deployment['drift'] | null | undefined, aliases: Aliases): Deployment['driftAt'] {
  const times = [primary, ...Object.values(aliases).map((a) => a.drift)].filter((d) => d != null).map((d) => d!.at);
  const ms = (t: NonNullable<Deployment['driftAt']>) => ('toMillis' in t && typeof t.toMillis === 'function' ? t.toMillis() : t instanceof Date ? t.getTime() : 0);
  return times.length ? times.reduce((a, b) => (ms(b!) > ms(a!) ? b : a)) : null;
}

/**
 * A Gmail call that failed for good: 401 (delegation missing) and no credentials hold the job for an
 * admin, transient ones are rethrown (the task is retried); anything else is this address's failure.
 */
export function refusedStatus(err: unknown): number | null {
  if (err instanceof GoogleCredentialsError) throw new JobHeldError('google_credentials', 'Herald has no Google service account credentials here; configure them, then deploy again');
  if (isTransient(err)) throw err;
  const status = httpStatusOf(err);
  if (status === 401) throw new JobHeldError('gmail_unauthorized', 'Gmail refused the service account: grant it domain-wide delegation for the gmail.settings.basic scope, then deploy again');
  return status ?? null;
}

/**
 * Reads (sendAs.list, sendAs.get) cost Gmail 1 quota unit, an update 100 (Gmail API quota table), so
 * only writes go through the adaptive rate; reads are bounded by the calls in flight and backed off on 429.
 */
export function readPace(backoff: BackoffOptions): BackoffOptions {
  return { ...backoff, limiter: undefined };
}

/** Renders `sendingAs`'s signature (null: the person's own) as the deployment sends it; 'too_large' over the cap. */
export async function render(deps: Deps, ctx: SignatureContext, userId: string, user: UserDoc, at: Date, sendingAs: string | null): Promise<UserSignature | 'too_large'> {
  try {
    return await signatureFor(deps, ctx, userId, user, at, { sendingAs });
  } catch (err) {
    if (err instanceof SignatureTooLarge) return 'too_large';
    throw err;
  }
}

interface UserDeployInput {
  ctx: SignatureContext;
  tenant: Pick<TenantDoc, 'verifiedDomains'>;
  userId: string;
  user: UserDoc | undefined;
  previous: Deployment | undefined;
  at: Date;
  force: boolean;
  backoff: BackoffOptions;
}

export interface UserDeployResult {
  outcome: Outcome;
  aliases: AliasOutcome[];
  /** The user's new deployment record; null when nothing about it changed (no write at all). */
  record: DocInput<'signatureDeployments'> | null;
}

/**
 * One user's Gmail: lists their send-as addresses once (sendAs.list), then pushes the signature of
 * the primary address (their own) and of each alias on a verified domain (the template assigned to
 * that address where there is one, else their own), each only when it changed since the last push.
 * An alias on a domain the tenant did not prove, or a custom "from" Gmail has not verified, is
 * recorded as skipped and never pushed. Only hashes are kept, never the signature.
 */
export async function deployUser(deps: Deps, input: UserDeployInput): Promise<UserDeployResult> {
  const { ctx, userId, user, previous, at, force, backoff } = input;
  if (!user) return { outcome: 'skipped', aliases: [], record: null };
  const own = await render(deps, ctx, userId, user, at, null);
  const hasAddressTemplates = ctx.assignments.some((a) => a.target === 'address');
  // Never touch the Gmail of someone Herald never gave a signature (nor could give one at an alias).
  if (own !== 'too_large' && !own.templateId && !previous && !hasAddressTemplates) return { outcome: 'skipped', aliases: [], record: null };

  const base: DocInput<'signatureDeployments'> = {
    status: previous?.status ?? 'failed',
    hash: previous?.hash ?? null,
    templateId: previous?.templateId ?? null,
    campaignId: previous?.campaignId ?? null,
    errorStatus: previous?.errorStatus ?? null,
    reason: previous?.reason ?? null,
    at: previous?.at ?? deps.now(),
    gmailHash: previous?.gmailHash ?? null,
    drift: previous?.drift ?? null,
    aliases: { ...(previous?.aliases ?? {}) },
    address: user.email,
  };
  const fail = (reason: 'gmail_refused' | 'signature_too_large' | 'image_not_https', errorStatus: number | null, sig: UserSignature | null) => ({
    ...base,
    status: 'failed' as const,
    hash: null,
    gmailHash: null,
    templateId: sig?.templateId ?? null,
    campaignId: sig?.campaignId ?? null,
    errorStatus,
    reason,
    at: deps.now(),
  });

  let gmail: GmailClient;
  let listed: SendAsAddress[];
  try {
    gmail = await gmailAs(deps, user.email);
    listed = await listSendAs(gmail, readPace(backoff));
  } catch (err) {
    const status = refusedStatus(err);
    deps.log.warn('gmail send-as list refused', { tenantId: ctx.tenantId, userId, status: status ?? 'none' });
    return { outcome: 'failed', aliases: [], record: withDriftAt(fail('gmail_refused', status, own === 'too_large' ? null : own)) };
  }

  let changed = false;
  let outcome: Outcome;
  let primary = base;
  if (own === 'too_large') {
    // Over the cap: nothing is sent (Gmail keeps what it has), never a cut signature. Counted, not logged.
    primary = fail('signature_too_large', null, null);
    outcome = 'too_large';
    changed = previous?.reason !== 'signature_too_large';
  } else if (!own.templateId && !previous) {
    outcome = 'skipped';
  } else {
    const hash = sha256(own.html);
    if (!force && previous?.status === 'deployed' && previous.hash === hash) {
      outcome = 'unchanged';
    } else {
      changed = true;
      const pushed = await push(deps, gmail, user.email, own.html, backoff, ctx.tenantId, userId);
      if (pushed.ok) {
        primary = { ...base, ...deployedFields(own, pushed.stored, deps.now()), drift: null };
        outcome = 'pushed';
      } else {
        primary = fail(pushed.reason, pushed.status, own);
        outcome = pushed.reason === 'signature_too_large' ? 'too_large' : 'failed';
      }
    }
  }

  const aliases: Aliases = {};
  const aliasOutcomes: AliasOutcome[] = [];
  const before: Aliases = previous?.aliases ?? {};
  for (const alias of listed) {
    if (alias.isPrimary || alias.sendAsEmail === user.email.toLowerCase()) continue;
    const key = aliasKey(alias.sendAsEmail);
    const prev = before[key];
    const { record, outcome: o } = await deployAlias(deps, { ...input, user }, gmail, alias, prev);
    if (record) aliases[key] = record;
    if (o) aliasOutcomes.push(o);
    if (record !== prev) changed = true;
  }
  // An alias removed in Gmail takes its record with it.
  if (Object.keys(before).some((k) => !(k in aliases))) changed = true;
  return { outcome, aliases: aliasOutcomes, record: changed ? withDriftAt({ ...primary, aliases }) : null };
}

function withDriftAt(record: DocInput<'signatureDeployments'>): DocInput<'signatureDeployments'> {
  return { ...record, driftAt: latestDrift(record.drift, (record.aliases ?? {}) as Aliases) };
}

/**
 * What a deployment record holds after a successful push of `sig` (the deployment's and the drift
 * check's restore alike): the hash of what Herald sent, and of what Gmail answered it stored.
 */
export function deployedFields(sig: Pick<UserSignature, 'html' | 'templateId' | 'campaignId'>, stored: string, at: Date) {
  return { status: 'deployed' as const, hash: sha256(sig.html), gmailHash: sha256(stored), templateId: sig.templateId, campaignId: sig.campaignId, errorStatus: null, reason: null, at };
}

type Pushed = { ok: true; stored: string } | { ok: false; reason: 'gmail_refused' | 'signature_too_large' | 'image_not_https'; status: number | null };

/** Patches one address; a refusal is an outcome, a 401 or a transient failure is thrown (refusedStatus). */
export async function push(deps: Deps, gmail: GmailClient, sendAsEmail: string, html: string, backoff: BackoffOptions, tenantId: string, userId: string): Promise<Pushed> {
  try {
    return { ok: true, stored: await patchSendAsSignature(deps, gmail, sendAsEmail, html, backoff) };
  } catch (err) {
    // Not sent, Gmail keeps what it has; the admin sees why on the deployment page. Counted, not logged.
    if (err instanceof GmailSignatureNotSendable) return { ok: false, reason: err.reason, status: null };
    const status = refusedStatus(err);
    deps.log.warn('gmail signature push refused', { tenantId, userId, status: status ?? 'none' });
    return { ok: false, reason: 'gmail_refused', status };
  }
}

/** One alias: skipped when not pushable, else pushed when its signature changed. Returns `prev` itself when nothing changed. */
async function deployAlias(
  deps: Deps,
  input: UserDeployInput & { user: UserDoc },
  gmail: GmailClient,
  alias: { sendAsEmail: string; verificationStatus: string | null },
  prev: AliasDeploymentDoc | undefined,
): Promise<{ record: AliasDeploymentDoc | null; outcome: AliasOutcome | null }> {
  const { ctx, tenant, userId, user, at, force, backoff } = input;
  const address = alias.sendAsEmail;
  const blank = { address, hash: null, gmailHash: null, templateId: null, errorStatus: null, reason: null, drift: null, at: deps.now() };
  if (!aliasPushable(tenant, alias)) {
    return { record: prev?.status === 'skipped_unverified' ? prev : { ...blank, status: 'skipped_unverified' }, outcome: 'aliases_skipped_unverified' };
  }
  const sig = await render(deps, ctx, userId, user, at, address);
  if (sig === 'too_large') {
    return { record: prev?.reason === 'signature_too_large' ? prev : { ...blank, status: 'failed', reason: 'signature_too_large' }, outcome: 'aliases_failed' };
  }
  if (!sig.templateId) return { record: prev ?? null, outcome: null };
  const hash = sha256(sig.html);
  if (!force && prev?.status === 'deployed' && prev.hash === hash) return { record: prev, outcome: 'aliases_unchanged' };
  const pushed = await push(deps, gmail, address, sig.html, backoff, ctx.tenantId, userId);
  if (!pushed.ok) return { record: { ...blank, status: 'failed', templateId: sig.templateId, errorStatus: pushed.status, reason: pushed.reason }, outcome: 'aliases_failed' };
  const { campaignId: _campaign, ...fields } = deployedFields(sig, pushed.stored, blank.at);
  return { record: { ...blank, ...fields }, outcome: 'aliases_pushed' };
}
