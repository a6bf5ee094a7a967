import { createHash } from 'node:crypto';
import { col, doc } from '../catalog.js';
import type { Deps } from '../deps.js';
import type { UserDoc } from '../directory/schema.js';
import { GoogleCredentialsError, pushGmailSignature } from '../google/gmail-signature.js';
import { httpStatusOf, isTransient, type BackoffOptions } from '../google/with-backoff.js';
import { JobHeldError, type JobControl } from '../jobs/job-control.js';
import { isVerifiedAddress } from '../tenants/verified-domains.js';
import type { DeployPayload, DeployScope } from './deploy-schema.js';
import { loadSignatureContext, signatureFor, type SignatureContext } from './user-signature.js';

/** Gmail API calls per second per deployment, and how many run at once. */
export const GMAIL_RATE_PER_SECOND = 10;
const CHUNK = 5;
const GROUPS_PER_QUERY = 30;

type Outcome = 'pushed' | 'unchanged' | 'failed' | 'skipped' | 'outside_verified_domains';
interface Cursor {
  after: string;
  counts: Record<Outcome, number>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
 * delegation is missing, so the job is held for an admin; 429 and 5xx are retried with backoff,
 * then the task is retried and resumes from its checkpoint.
 */
export async function deploySignatures(deps: Deps, payload: DeployPayload, job: JobControl, backoff: BackoffOptions = {}): Promise<void> {
  const { tenantId } = payload;
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  if (tenant?.directorySource !== 'google') {
    deps.log.info('signature deployment skipped: not a Google Workspace tenant', { tenantId });
    return;
  }
  const ids = await usersInScope(deps, tenantId, payload.scope);
  const resumed = job.cursor ? (JSON.parse(job.cursor) as Cursor) : null;
  const counts: Record<Outcome, number> = { pushed: 0, unchanged: 0, failed: 0, skipped: 0, outside_verified_domains: 0, ...resumed?.counts };
  const todo = resumed ? ids.filter((id) => id > resumed.after) : ids;
  let done = ids.length - todo.length;
  await job.checkpoint(job.cursor, { done, total: ids.length, counts });

  const ctx = await loadSignatureContext(deps, tenantId);
  const at = deps.now();
  for (let i = 0; i < todo.length; i += CHUNK) {
    const started = Date.now();
    const chunk = todo.slice(i, i + CHUNK);
    const refs = chunk.map((userId) => doc(deps.db, 'users', { tenantId, userId }));
    const snaps = await deps.db.getAll(...refs);
    const outcomes = await Promise.all(
      snaps.map((s) => {
        const user = s.data() as UserDoc | undefined;
        // Never impersonate a mailbox outside the domains this tenant proved it owns.
        if (user && !isVerifiedAddress(tenant, user.email)) return 'outside_verified_domains' as const;
        return deployOne(deps, ctx, s.id, user, at, payload.force, backoff);
      }),
    );
    for (const o of outcomes) counts[o]++;
    done += chunk.length;
    await job.checkpoint(JSON.stringify({ after: chunk[chunk.length - 1]!, counts } satisfies Cursor), { done, counts });
    const wait = (chunk.length * 1000) / GMAIL_RATE_PER_SECOND - (Date.now() - started);
    if (wait > 0 && i + CHUNK < todo.length) await sleep(wait);
  }
  deps.log.info('signature deployment done', { tenantId, ...counts });
}

async function deployOne(deps: Deps, ctx: SignatureContext, userId: string, user: UserDoc | undefined, at: Date, force: boolean, backoff: BackoffOptions): Promise<Outcome> {
  if (!user) return 'skipped';
  const ref = doc(deps.db, 'signatureDeployments', { tenantId: ctx.tenantId, userId });
  const [signature, previous] = await Promise.all([signatureFor(deps, ctx, userId, user, at), ref.get().then((s) => s.data())]);
  // Never touch the Gmail signature of someone Herald never gave one.
  if (!signature.templateId && !previous) return 'skipped';
  const hash = createHash('sha256').update(signature.html).digest('hex');
  if (!force && previous?.status === 'deployed' && previous.hash === hash) return 'unchanged';
  try {
    await pushGmailSignature(deps, user.email, signature.html, backoff);
  } catch (err) {
    if (err instanceof GoogleCredentialsError) throw new JobHeldError('google_credentials', 'Herald has no Google service account credentials here; configure them, then deploy again');
    const status = httpStatusOf(err);
    if (isTransient(err)) throw err;
    if (status === 401) throw new JobHeldError('gmail_unauthorized', 'Gmail refused the service account: grant it domain-wide delegation for the gmail.settings.basic scope, then deploy again');
    await ref.set({ status: 'failed', hash: null, templateId: signature.templateId, campaignId: signature.campaignId, errorStatus: status ?? null, at: deps.now() });
    deps.log.warn('gmail signature push refused', { tenantId: ctx.tenantId, userId, status: status ?? 'none' });
    return 'failed';
  }
  await ref.set({ status: 'deployed', hash, templateId: signature.templateId, campaignId: signature.campaignId, errorStatus: null, at: deps.now() });
  return 'pushed';
}
