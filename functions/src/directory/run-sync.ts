import { doc } from '../core/catalog.js';
import type { TenantDoc } from '../core/schemas/tenant.js';
import { isVerifiedAddress, verifiedDomainsOf } from '../trust/verified-domains.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { JobHeldError, type JobControl } from '../jobs/job-control.js';
import { MAX_SCOPED_USERS } from '../core/schemas/deploy-payload.js';
import { commitPlan, planUsers, type IncomingUser } from './apply-users.js';
import { handOffRemovals, removalLimit } from './hand-off-removals.js';
import { normalize } from './normalize.js';
import { googleSource } from './sources/google-source.js';
import { microsoftSource } from './sources/microsoft-source.js';
import type { DirectorySource, SourcePage } from './sources/source.js';
import { syncCursorSchema, type SyncCursor, type SyncPayload } from '../core/schemas/sync-payload.js';
import { readSyncSettings, requireSyncSource, SOURCE_NAMES, syncSettingsRef } from './sync-settings.js';
import { SharedMailboxSync } from './shared-mailboxes.js';
import { loadUserIndex, type UserIndex } from './user-index.js';

export { SYNC_JOB } from './sync-job.js';

/**
 * Writes per commit. Smaller than Firestore's 500: a commit's documents and their encoded request
 * live until the commit answers, and at the task instance's heap limits (4 MB young generation,
 * see test/bench/function-heap-flags.ts) 500 of them outlive several scavenges and are copied and
 * promoted each time. Measured on 300k users: 100 a commit halved the sync's CPU in collections
 * (25 s → 10.5 s of 56 s); 50 saved no more and cost more round trips (docs/performance.md).
 * Firestore's 500/50/5 ramp-up for a new collection is not paced here: see docs/performance.md.
 */
export const SYNC_COMMIT_SIZE = 100;
/** Two commits of a page at a time: one is serialised while the database works on the other. */
export const SYNC_COMMITS_IN_FLIGHT = 2;

/**
 * One sync of a tenant's directory from Google Workspace or Microsoft 365, as a resumable job.
 *
 * Each page is diffed and written before the next is fetched, and the page token is saved with
 * the counts, so a retried delivery resumes at the last page. Removals wait for the listing to
 * complete: a source error at any page throws before anyone is removed. A resumed delivery did not
 * see the earlier pages itself, so it re-lists the source (reads only) to learn who is still there.
 */
export async function runDirectorySync(deps: Deps, payload: SyncPayload, job: JobControl): Promise<void> {
  const { tenantId } = payload;
  // The run's one read of the tenant: its source, domains and settings are passed down from here.
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  if (!tenant || tenant.status !== 'active') {
    deps.log.info('directory sync skipped: tenant not active', { tenantId });
    return;
  }
  // A tenant that proved no domain yet (or was stored before proofs existed) syncs nothing and,
  // above all, removes nobody: every listed person would look outside its domains.
  if (verifiedDomainsOf(tenant).length === 0) {
    throw new JobHeldError('no_verified_domains', 'Nothing was synced: no domain is proven yet. An owner proves one with a DNS record or by connecting Google Workspace or Microsoft 365.', 'prove_domain');
  }
  const source = await sourceFor(deps, tenantId, tenant);
  const resume = parseCursor(job.cursor);
  const counts: Record<string, number> = resume?.counts ?? { listed: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, fieldsDropped: 0, outsideVerifiedDomains: 0, removed: 0 };
  const index = await loadUserIndex(deps, tenantId);
  const directorySize = index.size;
  // Shared mailboxes are kept apart from the people: listed with them, stored once the listing is complete.
  const mailboxes = new SharedMailboxSync(deps, tenantId, source.kind);
  await mailboxes.load();
  await source.prepare();

  const seen = new Set<string>();
  // Whom to push signatures for: past MAX_SCOPED_USERS that is everyone, so more ids are not kept.
  const changed: string[] = [];
  const removedExternalIds = new Set<string>();
  let deltaLink = resume?.deltaLink;
  const note = (page: SourcePage) => {
    mailboxes.note(page);
    page.removedExternalIds.forEach((id) => removedExternalIds.add(id));
    if (page.deltaLink) deltaLink = page.deltaLink;
  };

  if (!resume?.listed) {
    // Pipelined: while one page's writes are committed (a network round trip, the database's
    // work), the next page is fetched. It is diffed only once the page before is committed: its
    // validated people and planned writes would otherwise live through that whole commit, beside
    // the commit's own documents, and every young-generation collection meanwhile would copy them
    // (at the task instance's 4 MB semi-spaces that copying was a fifth of the sync's CPU).
    // At most one page is in flight, and a page's counts and token are saved only after its own
    // writes and every earlier page's are committed, so a checkpoint never names a page that was
    // not written; a failed commit surfaces before the next one starts, and the retry resumes at
    // the last saved page.
    let next = resume?.next ?? null;
    let committing: Promise<void> = Promise.resolve();
    try {
      do {
        const page = await source.page(next);
        next = page.next;
        const pageNext = next;
        await committing;
        const pageCounts: Record<string, number> = {};
        const incoming = normalizePage(page, index, seen, pageCounts, tenant);
        const applied = planUsers(deps, { tenantId, source: source.kind, index, users: incoming });
        committing = (async () => {
          await commitPlan(deps, applied, { batchSize: SYNC_COMMIT_SIZE, inFlight: SYNC_COMMITS_IN_FLIGHT });
          applied.ids.forEach((id) => seen.add(id));
          for (const id of applied.changedIds) if (changed.length <= MAX_SCOPED_USERS) changed.push(id);
          for (const [k, v] of Object.entries(pageCounts)) counts[k] = (counts[k] ?? 0) + v;
          counts.listed! += page.users.length;
          counts.created! += applied.created;
          counts.updated! += applied.updated;
          counts.unchanged! += applied.unchanged;
          if (applied.addressConflicts) counts.addressConflicts = (counts.addressConflicts ?? 0) + applied.addressConflicts;
          note(page);
          await job.checkpoint(encodeCursor({ next: pageNext, listed: pageNext === null, counts, ...(deltaLink ? { deltaLink } : {}) }), { done: counts.listed!, counts });
        })();
        // Handled here so a failure while the next page is fetched is not an unhandled rejection;
        // awaiting `committing` still throws it.
        committing.catch(() => {});
      } while (next);
    } catch (err) {
      // A source error while a page is being committed: let that commit and its checkpoint
      // finish (or fail) before the delivery fails, so nothing writes after the job stopped.
      await committing.catch(() => {});
      throw err;
    }
    await committing;
  }

  if (resume) {
    // Reads only: rebuild who is in the source (and what it reported removed) across all pages.
    seen.clear();
    removedExternalIds.clear();
    mailboxes.reset();
    let next: string | null = null;
    do {
      const page = await source.page(next);
      normalizePage(page, index, seen, { skipped: 0, fieldsDropped: 0 }, tenant).forEach((u) => {
        const match = index.match(u.externalId, u.fields.email);
        if (match) seen.add(match.id);
      });
      note(page);
      next = page.next;
    } while (next);
  }

  const leaving = removalCandidates(source, index, seen, removedExternalIds);
  const limit = removalLimit(directorySize);
  if (leaving.length > limit && (payload.confirmRemovals ?? 0) < leaving.length) {
    counts.pendingRemovals = leaving.length;
    await job.checkpoint(job.cursor, { counts });
    throw new JobHeldError(
      'mass_removal',
      `${leaving.length} users are no longer in the source, more than the safety limit of ${limit} for a directory of ${directorySize}: ` +
        'nobody was removed. An admin must confirm the removal, or fix the source and sync again.',
    );
  }
  Object.assign(counts, await mailboxes.apply(tenant, source.complete));
  if (leaving.length) await handOffRemovals(deps, { tenantId, origin: job.jobId ?? `sync-${tenantId}-${deps.now().getTime()}`, userIds: leaving });
  counts.removed = leaving.length;
  delete counts.pendingRemovals;
  // A round that could not tell every disabled account apart (MailboxSettings.Read not granted yet)
  // keeps its deltaLink without a scope: the next sync asks again in full, so the mailboxes it could
  // not classify are classified once the permission is granted.
  if (source.kind === 'microsoft' && deltaLink) await syncSettingsRef(deps, tenantId).set({ deltaLink, deltaScope: mailboxes.known ? (source.deltaScope ?? null) : null, updatedAt: deps.now() }, { merge: true });
  await job.checkpoint(encodeCursor({ next: null, listed: true, counts }), { done: counts.listed!, total: counts.listed!, counts });
  // Changed people get their Gmail signature pushed again (Google tenants only; a resumed
  // delivery only knows the pages it wrote itself, and the daily deployment catches the rest).
  const { redeployForUsers } = await import('../signatures/redeploy.js');
  await redeployForUsers(deps, { tenantId, createdBy: 'system:sync', userIds: changed, tenant });
  deps.log.info('directory sync done', { tenantId, jobId: job.jobId, ...counts });
}

async function sourceFor(deps: Deps, tenantId: string, tenant: TenantDoc): Promise<DirectorySource> {
  const kind = requireSyncSource(tenant);
  const settings = await readSyncSettings(deps, tenantId);
  if (!settings) throw new AppError('failed_precondition', `The ${SOURCE_NAMES[kind]} settings are not saved yet: save them in the directory connection, then sync.`, { fix: 'directory_settings' });
  return kind === 'google' ? googleSource(deps, settings.google, tenant) : microsoftSource(deps, settings, tenant);
}

/** Validates a page's people; a person the source lists but we cannot store is still "present". */
function normalizePage(page: SourcePage, index: UserIndex, seen: Set<string>, counts: Record<string, number>, tenant: TenantDoc): IncomingUser[] {
  const incoming: IncomingUser[] = [];
  for (const user of page.users) {
    const n = normalize(user.fields);
    // Someone outside the tenant's verified domains is never written. One stored before (a domain
    // no longer verified) is neither updated nor removed by this: no data is deleted over trust.
    if (n.ok && !isVerifiedAddress(tenant, n.fields.email)) {
      counts.outsideVerifiedDomains = (counts.outsideVerifiedDomains ?? 0) + 1;
      const known = index.byExternalId(user.externalId);
      if (known) seen.add(known.id);
      continue;
    }
    if (!n.ok) {
      counts.skipped = (counts.skipped ?? 0) + 1;
      const known = index.byExternalId(user.externalId);
      if (known) seen.add(known.id);
      continue;
    }
    if (n.dropped.length) counts.fieldsDropped = (counts.fieldsDropped ?? 0) + n.dropped.length;
    incoming.push({ externalId: user.externalId, fields: n.fields });
  }
  return incoming;
}

/** A full listing removes whoever is absent; a delta removes whom it names. Hand-made users stay. */
function removalCandidates(source: DirectorySource, index: UserIndex, seen: Set<string>, removedExternalIds: Set<string>): string[] {
  if (source.complete) {
    // One user at a time: the whole directory is never materialized as objects.
    const absent: string[] = [];
    for (const u of index.users()) if (!seen.has(u.id) && u.source !== 'manual') absent.push(u.id);
    return absent;
  }
  return [...removedExternalIds]
    .map((id) => index.byExternalId(id))
    .filter((u): u is NonNullable<typeof u> => !!u && !seen.has(u.id) && u.source !== 'manual')
    .map((u) => u.id);
}

function parseCursor(cursor: string | null): SyncCursor | null {
  if (!cursor) return null;
  try {
    return syncCursorSchema.parse(JSON.parse(cursor));
  } catch {
    return null;
  }
}

function encodeCursor(cursor: SyncCursor): string {
  return JSON.stringify(cursor);
}
