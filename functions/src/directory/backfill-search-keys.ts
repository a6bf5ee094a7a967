import type { QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { UserDoc } from '../core/schemas/user.js';
import { searchFieldsOf, searchKeysOf, SEARCH_KEYS_VERSION } from '../core/search-keys.js';
import type { JobControl } from '../jobs/job-control.js';
import { startJob } from '../jobs/job-store.js';
import { activeTenantIds } from '../tenants/list-tenant-ids.js';

const PAGE = 500;
const FAILED_PRECONDITION = 9;

/** The job id of a tenant's backfill for the current key version: one per tenant and version. */
export const searchKeysJobId = (): string => `search-keys-v${SEARCH_KEYS_VERSION}`;

/**
 * `directory.search-keys`: gives every stored user the search keys of its current name and email
 * (users stored before search keys existed, or under an older SEARCH_KEYS_VERSION). Pages by
 * document id, resumes at its checkpoint, writes only users whose keys differ. A user written
 * between this job's read and its write keeps the writer's keys: each write is conditional on the
 * document's update time, and a page that lost such a race is read again.
 */
export async function backfillSearchKeys(deps: Deps, payload: { tenantId: string }, job: JobControl): Promise<void> {
  const users = col(deps.db, 'users', { tenantId: payload.tenantId }).withConverter(null);
  let cursor = job.cursor;
  let checked = 0;
  let updated = 0;
  for (;;) {
    let page = users.orderBy('__name__').select('email', 'firstName', 'lastName', 'overrides.firstName', 'overrides.lastName', 'searchKeys').limit(PAGE);
    if (cursor) page = page.startAfter(cursor);
    const snap = await page.get();
    let written: number;
    try {
      written = await writeStale(deps, snap.docs);
    } catch (err) {
      if ((err as { code?: unknown }).code === FAILED_PRECONDITION) continue;
      throw err;
    }
    checked += snap.size;
    updated += written;
    if (snap.size < PAGE) break;
    cursor = snap.docs[snap.docs.length - 1]!.id;
    await job.checkpoint(cursor, { done: checked, counts: { checked, updated } });
  }
  await job.checkpoint(null, { done: checked, total: checked, counts: { checked, updated } });
  // Every writer of a user writes its keys (apply-users.ts, edit-profile.ts): once every stored user
  // has this version's keys, none can lack them again until the version changes.
  await doc(deps.db, 'tenants', { tenantId: payload.tenantId }).update({ searchKeysVersion: SEARCH_KEYS_VERSION });
}

async function writeStale(deps: Deps, docs: QueryDocumentSnapshot[]): Promise<number> {
  const batch = deps.db.batch();
  let n = 0;
  for (const d of docs) {
    const user = d.data() as Pick<UserDoc, 'email' | 'firstName' | 'lastName' | 'overrides' | 'searchKeys'>;
    const keys = searchKeysOf(searchFieldsOf({ email: user.email ?? '', firstName: user.firstName ?? '', lastName: user.lastName ?? '', overrides: user.overrides }));
    if (JSON.stringify(keys) === JSON.stringify(user.searchKeys ?? null)) continue;
    // Only the derived field, and only if no one wrote the user since it was read.
    batch.update(d.ref, { searchKeys: keys }, { lastUpdateTime: d.updateTime });
    n++;
  }
  if (n) await batch.commit();
  return n;
}

/**
 * Daily: one backfill per tenant and key version. A tenant whose backfill completed for this version
 * (its `searchKeysVersion`) is skipped for good, so the job is not started again once its record
 * expires with the jobs' retention; one under way (its job exists) is skipped too.
 */
export async function enqueueSearchKeyBackfills(deps: Deps): Promise<void> {
  const jobId = searchKeysJobId();
  let count = 0;
  for await (const tenantId of activeTenantIds(deps)) {
    if (((await doc(deps.db, 'tenants', { tenantId }).get()).data()?.searchKeysVersion ?? 0) >= SEARCH_KEYS_VERSION) continue;
    if ((await doc(deps.db, 'jobs', { tenantId, jobId }).get()).exists) continue;
    await startJob(deps, { tenantId, kind: 'directory.search-keys', createdBy: 'system:schedule', payload: {}, jobId });
    count++;
  }
  deps.log.info('search key backfills enqueued', { tenants: count });
}
