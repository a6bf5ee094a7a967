import { col, doc, type DocOf } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { UserDoc } from '../core/schemas/user.js';
import { AdaptiveRate, type AdaptiveRateOptions } from '../google/adaptive-rate.js';
import type { BackoffOptions } from '../platform/with-backoff.js';
import type { JobControl } from '../jobs/job-control.js';
import { isVerifiedAddress } from '../trust/verified-domains.js';
import type { DeployPayload } from '../core/schemas/deploy-payload.js';
import { planDeployment, recordCompletePass } from './deploy-plan.js';
import { loadSignatureContext } from './user-signature.js';
import { ALIAS_OUTCOMES, deployUser, type AliasOutcome, type Outcome } from './deploy-user.js';

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

type Counted = Outcome | AliasOutcome;
interface Cursor {
  after: string;
  counts: Record<Counted, number>;
  /** Users done so far, and whether it is a pass over everyone (absent in cursors saved before passes were planned). */
  done?: number;
  full?: boolean;
}

/**
 * fn over items, at most `limit` at once, results in order. After a failure no new item starts,
 * and the failure is thrown once the calls in flight have ended (a held job pushes nothing more).
 */
export async function inPool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
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

/**
 * The `signatures.deploy` job: for each user the plan names (deploy-plan.ts: a scope's users, everyone,
 * or on a quiet day only the users whose inputs changed), lists their Gmail send-as addresses and
 * pushes each one's signature unless it is the one pushed last time (hashes per user and address in
 * signatureDeployments; deploy-user.ts). Aliases off the tenant's verified domains are never pushed. A user
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
  // Taken before anything is read: a user written after this is looked at again by the next daily run.
  const at = deps.now();
  // Templates, assignments and campaigns once per job, never per user.
  const ctx = await loadSignatureContext(deps, tenantId, 'send');
  const plan = await planDeployment(deps, payload, tenant, ctx, at);
  const resumed = job.cursor ? (JSON.parse(job.cursor) as Cursor) : null;
  // A delivery resumed over a different kind of pass (the inputs changed meanwhile) starts again from
  // the first user. A cursor saved before passes were planned was over everyone exactly for scope `all`.
  const resume = resumed && (resumed.full ?? payload.scope.kind === 'all') === (plan.kind === 'all') ? resumed : null;
  const counts: Record<Counted, number> = { pushed: 0, unchanged: 0, failed: 0, skipped: 0, outside_verified_domains: 0, too_large: 0, ...Object.fromEntries(ALIAS_OUTCOMES.map((o) => [o, 0])), ...resumed?.counts } as Record<Counted, number>;
  const users = col(deps.db, 'users', { tenantId });
  const total = plan.kind === 'all' ? (await users.count().get()).data().count : plan.ids.length;
  const todo = plan.kind === 'ids' ? (resume ? plan.ids.filter((id) => id > resume.after) : plan.ids) : null;
  let done = resume ? (resume.done ?? total - (todo?.length ?? 0)) : 0;
  await job.checkpoint(job.cursor, { done, total, counts });

  let after = resume?.after ?? null;
  for (let i = 0; ; i += CHUNK) {
    let chunk: { id: string; user: UserDoc | undefined }[];
    if (plan.kind === 'all') {
      // One paged pass with the users' data (no ids first, then the documents).
      let page = users.orderBy('__name__').limit(CHUNK);
      if (after) page = page.startAfter(after);
      chunk = (await page.get()).docs.map((d) => ({ id: d.id, user: d.data() }));
    } else {
      const ids = todo!.slice(i, i + CHUNK);
      const unknown = ids.filter((id) => !plan.known.has(id));
      const read = unknown.length ? await deps.db.getAll(...unknown.map((userId) => doc(deps.db, 'users', { tenantId, userId }))) : [];
      const found = new Map(read.map((s) => [s.id, s.data() as UserDoc | undefined]));
      chunk = ids.map((id) => ({ id, user: plan.known.get(id) ?? found.get(id) }));
    }
    if (chunk.length === 0) break;
    const deployments = chunk.map(({ id: userId }) => doc(deps.db, 'signatureDeployments', { tenantId, userId }));
    const stored = await deps.db.getAll(...deployments);
    // Each user's outcome is recorded in one batch per chunk (not one commit per user), written even
    // when the chunk stops early, so what Gmail took is never pushed again for nothing.
    const batch = deps.db.batch();
    let writes = 0;
    let outcomes: Counted[][];
    try {
      outcomes = await inPool(chunk.map((_, k) => k), MAX_IN_FLIGHT, async (k): Promise<Counted[]> => {
        const { id: userId, user } = chunk[k]!;
        // Never impersonate a mailbox outside the domains this tenant proved it owns.
        if (user && !isVerifiedAddress(tenant, user.email)) return ['outside_verified_domains'];
        const previous = stored[k]!.data() as DocOf<'signatureDeployments'> | undefined;
        const result = await deployUser(deps, { ctx, tenant, userId, user, previous, at, force: payload.force, backoff });
        if (result.record) {
          batch.set(deployments[k]!, result.record);
          writes++;
        }
        return [result.outcome, ...result.aliases];
      });
    } finally {
      if (writes > 0) await batch.commit();
    }
    for (const o of outcomes.flat()) counts[o]++;
    done += chunk.length;
    after = chunk[chunk.length - 1]!.id;
    await job.checkpoint(JSON.stringify({ after, counts, done, full: plan.kind === 'all' } satisfies Cursor), { done, counts });
    if (plan.kind === 'all' && chunk.length < CHUNK) break;
  }
  if (plan.inputs) await recordCompletePass(deps, tenantId, plan.inputs, at);
  deps.log.info('signature deployment done', { tenantId, pass: plan.kind === 'all' ? 'everyone' : plan.why, ...counts });
}
