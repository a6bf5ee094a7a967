import { createHash } from 'node:crypto';
import { col, doc, type DocInput, type DocOf } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { UserDoc } from '../core/schemas/user.js';
import { GmailSignatureNotSendable, GoogleCredentialsError, pushGmailSignature } from '../google/gmail-signature.js';
import { AdaptiveRate, type AdaptiveRateOptions } from '../google/adaptive-rate.js';
import { httpStatusOf, isTransient, type BackoffOptions } from '../platform/with-backoff.js';
import { JobHeldError, type JobControl } from '../jobs/job-control.js';
import { isVerifiedAddress } from '../trust/verified-domains.js';
import type { DeployPayload, DeployScope } from '../core/schemas/deploy-payload.js';
import { SignatureTooLarge } from './signature-too-large.js';
import { loadSignatureContext, signatureFor, type SignatureContext, type UserSignature } from './user-signature.js';

/**
 * How fast one deployment pushes (functions/src/google/adaptive-rate.ts). Gmail meters the whole
 * project: ≈ 1.2 M quota units a minute at 100 units per `sendAs` update, ≈ 200 updates/s for all
 * tenants together (config.gmailQuotaPerSec). A deployment alone ramps up to that and stays below
 * it; deployments running at once (one task each, on any instance) meet Gmail's 429s and converge
 * to equal shares of it. Everything scales with the quota: start at a tenth, grow by a 40th a second.
 */
export function gmailRate(quotaPerSec: number): AdaptiveRateOptions {
  return { initialPerSec: quotaPerSec / 10, minPerSec: 1, maxPerSec: quotaPerSec, increasePerSec: quotaPerSec / 40, decrease: 0.8 };
}
/** Users read and checkpointed together; their pushes run concurrently, paced by the rate. */
const CHUNK = 400;
/** Gmail calls in flight at once per deployment: ~200/s at Gmail's ~200 ms per call. */
const MAX_IN_FLIGHT = 50;
const GROUPS_PER_QUERY = 30;

type Outcome = 'pushed' | 'unchanged' | 'failed' | 'skipped' | 'outside_verified_domains' | 'too_large';
interface Cursor {
  after: string;
  counts: Record<Outcome, number>;
}

/**
 * fn over items, at most `limit` at once, results in order. After a failure no new item starts,
 * and the failure is thrown once the calls in flight have ended (a held job pushes nothing more).
 */
async function inPool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

/** Ids of the users in scope, sorted, so a retried delivery resumes after the last one done. */
export async function usersInScope(deps: Deps, tenantId: string, scope: DeployScope): Promise<string[]> {
  const users = col(deps.db, 'users', { tenantId });
  if (scope.kind === 'all') return (await users.select().get()).docs.map((d) => d.id).sort();
  const ids = new Set(scope.userIds);
  for (let i = 0; i < scope.groups.length; i += GROUPS_PER_QUERY) {
    const snap = await users.where('groups', 'array-contains-any', scope.groups.slice(i, i + GROUPS_PER_QUERY)).select().get();
    for (const d of snap.docs) ids.add(d.id);
  }
  return [...ids].sort();
}

/**
 * The `signatures.deploy` job: for each user in scope, renders the signature and pushes it to
 * Gmail unless it is the one pushed last time (a hash per user in signatureDeployments). A user
 * Gmail refuses (403, 404…) is counted as failed and the job goes on; a 401 means the tenant's
 * delegation is missing, so the job is held for an admin; 5xx are retried with backoff, 429s slow
 * the deployment's adaptive rate (gmailRate, or `options.limiter`) and are retried, then the task
 * is retried and resumes from its checkpoint.
 */
export async function deploySignatures(deps: Deps, payload: DeployPayload, job: JobControl, options: BackoffOptions = {}): Promise<void> {
  const backoff: BackoffOptions = { ...options, limiter: options.limiter ?? new AdaptiveRate(gmailRate(deps.config.gmailQuotaPerSec)) };
  const { tenantId } = payload;
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  if (tenant?.directorySource !== 'google') {
    deps.log.info('signature deployment skipped: not a Google Workspace tenant', { tenantId });
    return;
  }
  const ids = await usersInScope(deps, tenantId, payload.scope);
  const resumed = job.cursor ? (JSON.parse(job.cursor) as Cursor) : null;
  const counts: Record<Outcome, number> = { pushed: 0, unchanged: 0, failed: 0, skipped: 0, outside_verified_domains: 0, too_large: 0, ...resumed?.counts };
  const todo = resumed ? ids.filter((id) => id > resumed.after) : ids;
  let done = ids.length - todo.length;
  await job.checkpoint(job.cursor, { done, total: ids.length, counts });

  const ctx = await loadSignatureContext(deps, tenantId, 'send');
  const at = deps.now();
  for (let i = 0; i < todo.length; i += CHUNK) {
    const chunk = todo.slice(i, i + CHUNK);
    const refs = chunk.map((userId) => doc(deps.db, 'users', { tenantId, userId }));
    const deployments = chunk.map((userId) => doc(deps.db, 'signatureDeployments', { tenantId, userId }));
    const [snaps, previous] = await Promise.all([deps.db.getAll(...refs), deps.db.getAll(...deployments)]);
    // Each user's outcome is recorded in one batch per chunk (not one commit per user), written even
    // when the chunk stops early, so what Gmail took is never pushed again for nothing.
    const batch = deps.db.batch();
    let outcomes: Outcome[];
    try {
      outcomes = await inPool(snaps.map((s, k) => k), MAX_IN_FLIGHT, (k) => {
        const user = snaps[k]!.data() as UserDoc | undefined;
        // Never impersonate a mailbox outside the domains this tenant proved it owns.
        if (user && !isVerifiedAddress(tenant, user.email)) return Promise.resolve('outside_verified_domains' as const);
        return deployOne(deps, ctx, snaps[k]!.id, user, previous[k]!.data() as DocOf<'signatureDeployments'> | undefined, at, payload.force, backoff, (data) => batch.set(deployments[k]!, data));
      });
    } finally {
      await batch.commit();
    }
    for (const o of outcomes) counts[o]++;
    done += chunk.length;
    await job.checkpoint(JSON.stringify({ after: chunk[chunk.length - 1]!, counts } satisfies Cursor), { done, counts });
  }
  deps.log.info('signature deployment done', { tenantId, ...counts });
}

async function deployOne(
  deps: Deps,
  ctx: SignatureContext,
  userId: string,
  user: UserDoc | undefined,
  previous: DocOf<'signatureDeployments'> | undefined,
  at: Date,
  force: boolean,
  backoff: BackoffOptions,
  record: (data: DocInput<'signatureDeployments'>) => void,
): Promise<Outcome> {
  if (!user) return 'skipped';
  let signature: UserSignature;
  try {
    signature = await signatureFor(deps, ctx, userId, user, at);
  } catch (err) {
    if (!(err instanceof SignatureTooLarge)) throw err;
    // Over the cap: nothing is sent (Gmail keeps what it has), never a cut signature; the admin sees
    // why in GET /api/signatures/deployments and the user's signature route. Counted, not logged.
    record({ status: 'failed', hash: null, templateId: null, campaignId: null, errorStatus: null, reason: 'signature_too_large', at: deps.now() });
    return 'too_large';
  }
  // Never touch the Gmail signature of someone Herald never gave one.
  if (!signature.templateId && !previous) return 'skipped';
  const hash = createHash('sha256').update(signature.html).digest('hex');
  if (!force && previous?.status === 'deployed' && previous.hash === hash) return 'unchanged';
  try {
    await pushGmailSignature(deps, user.email, signature.html, backoff);
  } catch (err) {
    if (err instanceof GmailSignatureNotSendable) {
      // Not sent, Gmail keeps what it has; the admin sees why on the deployment page. Counted, not logged.
      record({ status: 'failed', hash: null, templateId: signature.templateId, campaignId: signature.campaignId, errorStatus: null, reason: err.reason, at: deps.now() });
      return err.reason === 'signature_too_large' ? 'too_large' : 'failed';
    }
    if (err instanceof GoogleCredentialsError) throw new JobHeldError('google_credentials', 'Herald has no Google service account credentials here; configure them, then deploy again');
    const status = httpStatusOf(err);
    if (isTransient(err)) throw err;
    if (status === 401) throw new JobHeldError('gmail_unauthorized', 'Gmail refused the service account: grant it domain-wide delegation for the gmail.settings.basic scope, then deploy again');
    record({ status: 'failed', hash: null, templateId: signature.templateId, campaignId: signature.campaignId, errorStatus: status ?? null, reason: 'gmail_refused', at: deps.now() });
    deps.log.warn('gmail signature push refused', { tenantId: ctx.tenantId, userId, status: status ?? 'none' });
    return 'failed';
  }
  record({ status: 'deployed', hash, templateId: signature.templateId, campaignId: signature.campaignId, errorStatus: null, reason: null, at: deps.now() });
  return 'pushed';
}
