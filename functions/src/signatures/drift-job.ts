import { col, doc, type DocInput, type DocOf } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { aliasDeploymentSchema, driftSchema, type AliasDeploymentDoc, type DriftDoc } from '../core/schemas/signature.js';
import type { TenantDoc } from '../core/schemas/tenant.js';
import type { UserDoc } from '../core/schemas/user.js';
import type * as z from 'zod';
import type { tenantTaskSchema } from '../core/schemas/ids.js';
import { AdaptiveRate } from '../google/adaptive-rate.js';
import { getSendAs, gmailAs, type GmailClient } from '../google/gmail-signature.js';
import type { JobControl } from '../jobs/job-control.js';
import type { BackoffOptions } from '../platform/with-backoff.js';
import { isVerifiedAddress } from '../trust/verified-domains.js';
import { gmailRate, inPool } from './deploy-job.js';
import { aliasPushable, deployedFields, latestDrift, push, readPace, refusedStatus, render, sha256 } from './deploy-user.js';
import { loadSignatureContext, type SignatureContext } from './user-signature.js';

const CHUNK = 400;
const MAX_IN_FLIGHT = 50;

type DriftOutcome = 'checked' | 'unchanged' | 'restored' | 'reported' | 'already_reported' | 'failed';
const OUTCOMES: readonly DriftOutcome[] = ['checked', 'unchanged', 'restored', 'reported', 'already_reported', 'failed'];
interface Cursor {
  after: string;
  counts: Record<DriftOutcome, number>;
  /** Records done so far (absent in cursors saved before the records were paged). */
  done?: number;
}
type Deployment = DocOf<'signatureDeployments'>;

/** One address Herald deployed: the primary (alias null) or an alias. */
interface Target {
  address: string;
  alias: string | null;
  /** What Gmail answered it stored after Herald's last push (older records: what Herald sent). */
  expected: string;
  drift: DriftDoc | null | undefined;
}

function targetsOf(tenant: TenantDoc, email: string, dep: Deployment): Target[] {
  const out: Target[] = [];
  if (dep.status === 'deployed' && dep.hash) out.push({ address: email, alias: null, expected: dep.gmailHash ?? dep.hash, drift: dep.drift });
  for (const [key, a] of Object.entries(dep.aliases ?? {})) {
    // An alias whose domain is no longer verified is not read, let alone restored.
    if (a.status === 'deployed' && a.hash && aliasPushable(tenant, { sendAsEmail: a.address, verificationStatus: null })) {
      out.push({ address: a.address, alias: key, expected: a.gmailHash ?? a.hash, drift: a.drift });
    }
  }
  return out;
}

/**
 * The daily `signatures.drift` job: for each address Herald deployed a signature to, reads what Gmail
 * holds now (sendAs.get, 1 quota unit) and compares its hash with the hash of what Gmail stored after
 * Herald's last push (Gmail may rewrite the HTML it is given, so the comparison is with what it
 * answered, never with what Herald sent). On a difference, per the tenant's policy: `restore` patches
 * Herald's signature back (through the deployment's adaptive rate) and records it; `report` records
 * it once (the hash of what was seen, never the signature). An address without drift costs one read
 * and no write at all. Resumable per chunk of users, progress and counts on the job document.
 */
export async function checkSignatureDrift(deps: Deps, payload: z.output<typeof tenantTaskSchema>, job: JobControl, options: BackoffOptions = {}): Promise<void> {
  const backoff: BackoffOptions = { ...options, limiter: options.limiter ?? new AdaptiveRate(gmailRate(deps.config.gmailQuotaPerSec)) };
  const { tenantId } = payload;
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  if (!tenant || tenant.directorySource !== 'google') return;
  const policy = tenant.settings.gmailDriftPolicy ?? 'report';
  const records = col(deps.db, 'signatureDeployments', { tenantId });
  const total = (await records.count().get()).data().count;
  const resumed = job.cursor ? (JSON.parse(job.cursor) as Cursor) : null;
  const counts = { ...(Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<DriftOutcome, number>), ...resumed?.counts };
  let done = resumed?.done ?? 0;
  let after = resumed?.after ?? null;
  await job.checkpoint(job.cursor, { done, total, counts });

  // Loaded on the first restore only: a tenant with no drift renders nothing.
  let ctx: Promise<SignatureContext> | undefined;
  const context = () => (ctx ??= loadSignatureContext(deps, tenantId, 'send'));
  for (;;) {
    // The records page by page with their data: one read each. The user is read only for a record
    // written before records kept their address, or to render a restore.
    let page = records.orderBy('__name__').limit(CHUNK);
    if (after) page = page.startAfter(after);
    const chunk = (await page.get()).docs;
    if (chunk.length === 0) break;
    const older = chunk.filter((d) => !d.data().address).map((d) => doc(deps.db, 'users', { tenantId, userId: d.id }));
    const read = new Map((older.length ? await deps.db.getAll(...older) : []).map((s) => [s.id, s.data() as UserDoc | undefined]));
    const batch = deps.db.batch();
    let writes = 0;
    let outcomes: DriftOutcome[][];
    try {
      outcomes = await inPool(chunk.map((_, k) => k), MAX_IN_FLIGHT, async (k) => {
        const record = chunk[k]!;
        const userId = record.id;
        const dep = record.data();
        const email = dep.address ?? read.get(userId)?.email;
        // Never impersonate a mailbox outside the domains this tenant proved it owns.
        if (!email || !isVerifiedAddress(tenant, email)) return [];
        const targets = targetsOf(tenant, email, dep);
        if (targets.length === 0) return [];
        const user = () => (read.has(userId) ? Promise.resolve(read.get(userId)) : doc(deps.db, 'users', { tenantId, userId }).get().then((s) => s.data()));
        const { outcomes: o, update } = await checkUser(deps, { tenantId, policy, userId, email, user, dep, targets, backoff, context });
        if (update) {
          batch.set(record.ref, update, { merge: true });
          writes++;
        }
        return o;
      });
    } finally {
      if (writes > 0) await batch.commit();
    }
    for (const o of outcomes.flat()) counts[o]++;
    done += chunk.length;
    after = chunk[chunk.length - 1]!.id;
    await job.checkpoint(JSON.stringify({ after, counts, done } satisfies Cursor), { done, counts });
    if (chunk.length < CHUNK) break;
  }
  deps.log.info('signature drift check done', { tenantId, policy, ...counts });
}

interface CheckInput {
  tenantId: string;
  policy: 'restore' | 'report';
  userId: string;
  email: string;
  /** The user's record, read only when a restore renders (undefined: the user is gone, nothing is restored). */
  user: () => Promise<UserDoc | undefined>;
  dep: Deployment;
  targets: Target[];
  backoff: BackoffOptions;
  context: () => Promise<SignatureContext>;
}

/** One user's deployed addresses; the fields to merge into their deployment record, or null when nothing drifted (or was already reported). */
async function checkUser(deps: Deps, input: CheckInput): Promise<{ outcomes: DriftOutcome[]; update: Partial<DocInput<'signatureDeployments'>> | null }> {
  const { policy, email, dep, targets, backoff } = input;
  const outcomes: DriftOutcome[] = [];
  let gmail: GmailClient;
  try {
    gmail = await gmailAs(deps, email);
  } catch (err) {
    refusedStatus(err);
    throw err;
  }
  let primary: Partial<DocInput<'signatureDeployments'>> | null = null;
  const aliases: Record<string, AliasDeploymentDoc> = {};
  for (const t of targets) {
    outcomes.push('checked');
    let seen: string;
    try {
      seen = sha256((await getSendAs(gmail, t.address, readPace(backoff))).signature);
    } catch (err) {
      refusedStatus(err);
      outcomes.push('failed');
      continue;
    }
    if (seen === t.expected) {
      outcomes.push('unchanged');
      continue;
    }
    if (policy === 'report' && t.drift?.action === 'reported' && t.drift.seenHash === seen) {
      outcomes.push('already_reported');
      continue;
    }
    const now = deps.now();
    const restored = policy === 'restore' ? await restore(deps, input, gmail, t) : null;
    const drift: DriftDoc = { at: now, action: restored ? 'restored' : 'reported', seenHash: seen };
    outcomes.push(restored ? 'restored' : policy === 'restore' ? 'failed' : 'reported');
    if (t.alias === null) {
      primary = restored ? { ...restored, at: now, drift } : { drift };
    } else {
      const prev = dep.aliases[t.alias]!;
      const { campaignId: _campaign, ...fields } = restored ?? { campaignId: null };
      aliases[t.alias] = restored ? { ...prev, ...fields, at: now, drift } : { ...prev, drift };
    }
  }
  if (!primary && Object.keys(aliases).length === 0) return { outcomes, update: null };
  // A merge write skips the catalog's whole-document check: its parts are checked here.
  for (const a of Object.values(aliases)) aliasDeploymentSchema.parse(a);
  const primaryDrift = (primary as { drift?: DriftDoc } | null)?.drift;
  if (primaryDrift) driftSchema.parse(primaryDrift);
  const merged = { ...(dep.aliases ?? {}), ...aliases };
  const update: Partial<DocInput<'signatureDeployments'>> = { ...primary, driftAt: latestDrift(primary?.drift ?? dep.drift, merged) };
  if (Object.keys(aliases).length) update.aliases = aliases;
  return { outcomes, update };
}

/** Puts Herald's signature back at one address: rendered now, as the deployment would; null when it cannot (too large, refused, the user gone). */
async function restore(deps: Deps, input: CheckInput, gmail: GmailClient, t: Target) {
  const [ctx, user] = await Promise.all([input.context(), input.user()]);
  if (!user) return null;
  const sig = await render(deps, ctx, input.userId, user, deps.now(), t.alias === null ? null : t.address);
  if (sig === 'too_large' || !sig.templateId) return null;
  const pushed = await push(deps, gmail, t.address, sig.html, input.backoff, input.tenantId, input.userId);
  if (!pushed.ok) return null;
  return deployedFields(sig, pushed.stored, deps.now());
}

