import { col, doc, type DocInput, type DocOf } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { aliasDeploymentSchema, driftSchema, type AliasDeploymentDoc, type DriftDoc } from '../core/schemas/signature.js';
import type { TenantDoc } from '../core/schemas/tenant.js';
import type { UserDoc } from '../core/schemas/user.js';
import type { z } from 'zod';
import type { tenantTaskSchema } from '../core/schemas/ids.js';
import { AdaptiveRate } from '../google/adaptive-rate.js';
import { getSendAs, gmailAs, type GmailClient } from '../google/gmail-signature.js';
import type { JobControl } from '../jobs/job-control.js';
import type { BackoffOptions } from '../platform/with-backoff.js';
import { isVerifiedAddress } from '../trust/verified-domains.js';
import { gmailRate, inPool } from './deploy-job.js';
import { aliasPushable, latestDrift, push, readPace, refusedStatus, sha256 } from './deploy-user.js';
import { SignatureTooLarge } from './signature-too-large.js';
import { loadSignatureContext, signatureFor, type SignatureContext } from './user-signature.js';

const CHUNK = 400;
const MAX_IN_FLIGHT = 50;

type DriftOutcome = 'checked' | 'unchanged' | 'restored' | 'reported' | 'already_reported' | 'failed';
const OUTCOMES: readonly DriftOutcome[] = ['checked', 'unchanged', 'restored', 'reported', 'already_reported', 'failed'];
interface Cursor {
  after: string;
  counts: Record<DriftOutcome, number>;
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

function targetsOf(tenant: TenantDoc, user: UserDoc, dep: Deployment): Target[] {
  const out: Target[] = [];
  if (dep.status === 'deployed' && dep.hash) out.push({ address: user.email, alias: null, expected: dep.gmailHash ?? dep.hash, drift: dep.drift });
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
  const ids = (await col(deps.db, 'signatureDeployments', { tenantId }).select().get()).docs.map((d) => d.id).sort();
  const resumed = job.cursor ? (JSON.parse(job.cursor) as Cursor) : null;
  const counts = { ...(Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<DriftOutcome, number>), ...resumed?.counts };
  const todo = resumed ? ids.filter((id) => id > resumed.after) : ids;
  let done = ids.length - todo.length;
  await job.checkpoint(job.cursor, { done, total: ids.length, counts });

  // Loaded on the first restore only: a tenant with no drift renders nothing.
  let ctx: Promise<SignatureContext> | undefined;
  const context = () => (ctx ??= loadSignatureContext(deps, tenantId, 'send'));
  for (let i = 0; i < todo.length; i += CHUNK) {
    const chunk = todo.slice(i, i + CHUNK);
    const deployments = chunk.map((userId) => doc(deps.db, 'signatureDeployments', { tenantId, userId }));
    const [users, stored] = await Promise.all([deps.db.getAll(...chunk.map((userId) => doc(deps.db, 'users', { tenantId, userId }))), deps.db.getAll(...deployments)]);
    const batch = deps.db.batch();
    let writes = 0;
    let outcomes: DriftOutcome[][];
    try {
      outcomes = await inPool(chunk.map((_, k) => k), MAX_IN_FLIGHT, async (k) => {
        const user = users[k]!.data() as UserDoc | undefined;
        const dep = stored[k]!.data() as Deployment | undefined;
        // Never impersonate a mailbox outside the domains this tenant proved it owns.
        if (!user || !dep || !isVerifiedAddress(tenant, user.email)) return [];
        const targets = targetsOf(tenant, user, dep);
        if (targets.length === 0) return [];
        const { outcomes: o, update } = await checkUser(deps, { tenantId, policy, userId: chunk[k]!, user, dep, targets, backoff, context });
        if (update) {
          batch.set(deployments[k]!, update, { merge: true });
          writes++;
        }
        return o;
      });
    } finally {
      if (writes > 0) await batch.commit();
    }
    for (const o of outcomes.flat()) counts[o]++;
    done += chunk.length;
    await job.checkpoint(JSON.stringify({ after: chunk[chunk.length - 1]!, counts } satisfies Cursor), { done, counts });
  }
  deps.log.info('signature drift check done', { tenantId, policy, ...counts });
}

interface CheckInput {
  tenantId: string;
  policy: 'restore' | 'report';
  userId: string;
  user: UserDoc;
  dep: Deployment;
  targets: Target[];
  backoff: BackoffOptions;
  context: () => Promise<SignatureContext>;
}

/** One user's deployed addresses; the fields to merge into their deployment record, or null when nothing drifted (or was already reported). */
async function checkUser(deps: Deps, input: CheckInput): Promise<{ outcomes: DriftOutcome[]; update: Partial<DocInput<'signatureDeployments'>> | null }> {
  const { policy, user, dep, targets, backoff } = input;
  const outcomes: DriftOutcome[] = [];
  let gmail: GmailClient;
  try {
    gmail = await gmailAs(deps, user.email);
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
      primary = restored ? { status: 'deployed', hash: restored.hash, gmailHash: restored.gmailHash, templateId: restored.templateId, campaignId: restored.campaignId, errorStatus: null, reason: null, at: now, drift } : { drift };
    } else {
      const prev = dep.aliases[t.alias]!;
      aliases[t.alias] = restored ? { ...prev, status: 'deployed', hash: restored.hash, gmailHash: restored.gmailHash, templateId: restored.templateId, errorStatus: null, reason: null, at: now, drift } : { ...prev, drift };
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

/** Puts Herald's signature back at one address: rendered now, as the deployment would; null when it cannot (too large, refused). */
async function restore(deps: Deps, input: CheckInput, gmail: GmailClient, t: Target) {
  const ctx = await input.context();
  let sig;
  try {
    sig = await signatureFor(deps, ctx, input.userId, input.user, deps.now(), { sendingAs: t.alias === null ? null : t.address });
  } catch (err) {
    if (err instanceof SignatureTooLarge) return null;
    throw err;
  }
  if (!sig.templateId) return null;
  const pushed = await push(deps, gmail, t.address, sig.html, input.backoff, input.tenantId, input.userId);
  if (!pushed.ok) return null;
  return { hash: sha256(sig.html), gmailHash: sha256(pushed.stored), templateId: sig.templateId, campaignId: sig.campaignId };
}

