import { col, doc, type DocOf } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { UserDoc } from '../core/schemas/user.js';
import { AdaptiveRate, type AdaptiveRateOptions } from '../google/adaptive-rate.js';
import type { BackoffOptions } from '../platform/with-backoff.js';
import type { JobControl } from '../jobs/job-control.js';
import { isVerifiedAddress } from '../trust/verified-domains.js';
import type { DeployPayload, DeployScope } from '../core/schemas/deploy-payload.js';
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
const GROUPS_PER_QUERY = 30;

type Counted = Outcome | AliasOutcome;
interface Cursor {
  after: string;
  counts: Record<Counted, number>;
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
 * The `signatures.deploy` job: for each user in scope, lists their Gmail send-as addresses and
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
  const ids = await usersInScope(deps, tenantId, payload.scope);
  const resumed = job.cursor ? (JSON.parse(job.cursor) as Cursor) : null;
  const counts: Record<Counted, number> = { pushed: 0, unchanged: 0, failed: 0, skipped: 0, outside_verified_domains: 0, too_large: 0, ...Object.fromEntries(ALIAS_OUTCOMES.map((o) => [o, 0])), ...resumed?.counts } as Record<Counted, number>;
  const todo = resumed ? ids.filter((id) => id > resumed.after) : ids;
  let done = ids.length - todo.length;
  await job.checkpoint(job.cursor, { done, total: ids.length, counts });

  const ctx = await loadSignatureContext(deps, tenantId, 'send');
  const at = deps.now();
  for (let i = 0; i < todo.length; i += CHUNK) {
    const chunk = todo.slice(i, i + CHUNK);
    const refs = chunk.map((userId) => doc(deps.db, 'users', { tenantId, userId }));
    const deployments = chunk.map((userId) => doc(deps.db, 'signatureDeployments', { tenantId, userId }));
    const [snaps, stored] = await Promise.all([deps.db.getAll(...refs), deps.db.getAll(...deployments)]);
    // Each user's outcome is recorded in one batch per chunk (not one commit per user), written even
    // when the chunk stops early, so what Gmail took is never pushed again for nothing.
    const batch = deps.db.batch();
    let outcomes: Counted[][];
    try {
      outcomes = await inPool(snaps.map((s, k) => k), MAX_IN_FLIGHT, async (k): Promise<Counted[]> => {
        const user = snaps[k]!.data() as UserDoc | undefined;
        // Never impersonate a mailbox outside the domains this tenant proved it owns.
        if (user && !isVerifiedAddress(tenant, user.email)) return ['outside_verified_domains'];
        const previous = stored[k]!.data() as DocOf<'signatureDeployments'> | undefined;
        const result = await deployUser(deps, { ctx, tenant, userId: snaps[k]!.id, user, previous, at, force: payload.force, backoff });
        if (result.record) batch.set(deployments[k]!, result.record);
        return [result.outcome, ...result.aliases];
      });
    } finally {
      await batch.commit();
    }
    for (const o of outcomes.flat()) counts[o]++;
    done += chunk.length;
    await job.checkpoint(JSON.stringify({ after: chunk[chunk.length - 1]!, counts } satisfies Cursor), { done, counts });
  }
  deps.log.info('signature deployment done', { tenantId, ...counts });
}
