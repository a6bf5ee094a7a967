import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { DeployPayload } from '../core/schemas/deploy-payload.js';
import type { TenantDoc } from '../core/schemas/tenant.js';
import type { UserDoc } from '../core/schemas/user.js';
import { signatureInputsHash } from './signature-inputs.js';
import type { SignatureContext } from './user-signature.js';

const GROUPS_PER_QUERY = 30;
/**
 * Users written this long before the last complete pass started are looked at again: `updatedAt` is
 * written with the writing instance's clock, and instances' clocks may differ by a little.
 */
export const CLOCK_MARGIN_MS = 10 * 60_000;

/**
 * Which users a deployment looks at. `all`: every user, read page by page with their data; `ids`:
 * these (sorted, so a retried delivery resumes after the last one done), `known` the records the
 * plan already read. `inputs`, when set (a pass over everyone, or the daily run over what changed),
 * is recorded on the tenant once the job completes: everyone is then up to date with those inputs.
 */
export type DeployPlan = { kind: 'all'; inputs: string } | { kind: 'ids'; ids: string[]; known: Map<string, UserDoc>; inputs: string | null; why: 'scope' | 'changed' };

/** Ids of a `some` scope: the users named and the members of the groups. */
async function scopedIds(deps: Deps, tenantId: string, scope: Extract<DeployPayload['scope'], { kind: 'some' }>): Promise<string[]> {
  const users = col(deps.db, 'users', { tenantId });
  const ids = new Set(scope.userIds);
  for (let i = 0; i < scope.groups.length; i += GROUPS_PER_QUERY) {
    const snap = await users.where('groups', 'array-contains-any', scope.groups.slice(i, i + GROUPS_PER_QUERY)).select().get();
    for (const d of snap.docs) ids.add(d.id);
  }
  return [...ids].sort();
}

/**
 * The daily deployment's plan. When the tenant-wide inputs (signature-inputs.ts) hash as they did
 * when the last pass over everyone completed, only these can have a different signature today: users
 * written since that pass started (the sync's and self-service edits set `updatedAt`; joiners are
 * created with it), and users whose last push failed (retried daily, as before). Leavers need
 * nothing: their record and deployment go with the purge. Otherwise (or with no pass on record:
 * a first deployment, a failed or held one) everyone is rendered again.
 */
async function dailyPlan(deps: Deps, tenantId: string, tenant: TenantDoc, inputs: string): Promise<DeployPlan> {
  const state = tenant.gmailSignatureState;
  if (!state || state.inputs !== inputs) return { kind: 'all', inputs };
  const since = new Date(toMillis(state.since) - CLOCK_MARGIN_MS);
  const [written, failed] = await Promise.all([
    col(deps.db, 'users', { tenantId }).where('updatedAt', '>=', since).get(),
    col(deps.db, 'signatureDeployments', { tenantId }).where('status', '==', 'failed').select().get(),
  ]);
  const known = new Map(written.docs.map((d) => [d.id, d.data()]));
  const ids = [...new Set([...known.keys(), ...failed.docs.map((d) => d.id)])].sort();
  return { kind: 'ids', ids, known, inputs, why: 'changed' };
}

export async function planDeployment(deps: Deps, payload: DeployPayload, tenant: TenantDoc, ctx: SignatureContext, at: Date): Promise<DeployPlan> {
  if (payload.scope.kind === 'some') return { kind: 'ids', ids: await scopedIds(deps, payload.tenantId, payload.scope), known: new Map(), inputs: null, why: 'scope' };
  const inputs = await signatureInputsHash(deps, tenant, ctx, at);
  // An admin's deploy (or a change affecting everyone) looks at everyone; so does a forced one.
  if (!payload.daily || payload.force) return { kind: 'all', inputs };
  return dailyPlan(deps, payload.tenantId, tenant, inputs);
}

/**
 * After a complete pass that started at `since` with these inputs and left everyone up to date (a
 * pass over everyone, or the daily run over what changed): the next daily deployment may look only
 * at what changed since. A pass that failed or was held records nothing,
 * so the next day looks at everyone again. Written without a transaction: an older pass finishing
 * late only moves `since` back or makes the next day a full pass, never skips a change.
 */
export async function recordCompletePass(deps: Deps, tenantId: string, inputs: string, since: Date): Promise<void> {
  await doc(deps.db, 'tenants', { tenantId }).update({ gmailSignatureState: { inputs, since } });
}

function toMillis(t: unknown): number {
  if (t instanceof Date) return t.getTime();
  if (t && typeof (t as { toMillis?: unknown }).toMillis === 'function') return (t as { toMillis: () => number }).toMillis();
  return 0;
}
