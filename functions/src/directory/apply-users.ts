import { hash, randomBytes } from 'node:crypto';
import type { WriteBatch } from 'firebase-admin/firestore';
import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { ownCopy } from '../platform/own-copy.js';
import { searchFieldsOf, searchKeysOf } from '../core/search-keys.js';
import { contentHash } from './content-hash.js';
import type { DirectoryFields, UserDoc } from '../core/schemas/user.js';
import type { IndexedUser, UserIndex } from './user-index.js';

export interface IncomingUser {
  externalId?: string;
  fields: DirectoryFields;
}

export interface UserPlan {
  created: number;
  updated: number;
  unchanged: number;
  /** Source people not written because another record holds their address (see planUsers). */
  addressConflicts: number;
  /** Stored ids of everyone in the input (new or existing), for the removal check. */
  ids: string[];
  /** Ids of the users created or changed: their signatures need pushing again. */
  changedIds: string[];
  writes: ((batch: WriteBatch) => void)[];
}

const BATCH = 500;

/**
 * Diff, not rewrite: a user whose content hash, source and source id match costs no write; a
 * changed one gets a merge of the directory fields only (so `overrides` and `createdAt` survive);
 * a new one is created under an id derived from its source id, so a retried page cannot create a
 * duplicate. Planning writes nothing; it updates `index` as if the plan were applied.
 *
 * One record per address, and a synced record keeps the source id it was created with: a source
 * person whose address another record holds (an admin set their mail to a colleague's) is not
 * written. Otherwise the email fallback would hand the colleague's record, and so the colleague's
 * identity (a Microsoft user is found by object id), to them.
 */
export function planUsers(deps: Deps, input: { tenantId: string; source: UserDoc['source']; index: UserIndex; users: IncomingUser[] }): UserPlan {
  const { tenantId, source, index } = input;
  const users = col(deps.db, 'users', { tenantId });
  const now = deps.now();
  const plan: UserPlan = { created: 0, updated: 0, unchanged: 0, addressConflicts: 0, ids: [], changedIds: [], writes: [] };

  for (const { externalId, fields } of input.users) {
    const hash = contentHash(fields);
    const existing = index.match(externalId, fields.email);
    if (holdsAnotherPerson(index.byEmail(fields.email), existing, externalId, source)) {
      // Not written: the person keeps their record as it was (and is present, not removed).
      plan.addressConflicts++;
      if (existing) plan.ids.push(existing.id);
      continue;
    }
    if (existing && existing.contentHash === hash && existing.source === source && existing.externalId === externalId) {
      plan.unchanged++;
      plan.ids.push(existing.id);
      continue;
    }
    const id = existing?.id ?? newUserId(tenantId, source, externalId);
    plan.ids.push(id);
    plan.changedIds.push(id);
    index.put({ id, email: fields.email, externalId, contentHash: hash, source, nameOverrides: existing?.nameOverrides });
    if (existing) {
      plan.updated++;
      // A merge is not validated by the converter: the fields were validated by directoryFieldsSchema.
      // The search keys follow the name the user sees: their edited one, if any.
      const searchKeys = searchKeysOf(searchFieldsOf({ ...fields, overrides: existing.nameOverrides }));
      const patch = { ...fields, source, contentHash: hash, searchKeys, updatedAt: now, ...(externalId ? { externalId } : {}) };
      plan.writes.push((b) => b.set(users.doc(id), patch, { merge: true }));
    } else {
      plan.created++;
      const doc: UserDoc = { ...fields, source, contentHash: hash, overrides: {}, createdAt: now, updatedAt: now, ...(externalId ? { externalId } : {}) };
      plan.writes.push((b) => b.set(users.doc(id), doc));
    }
  }
  return plan;
}

/**
 * Whether `holder`, the record with the incoming address, is someone else than the incoming
 * person: another record than the one matched by source id, or (no such record) one the same
 * source synced under another id. A record of another source (a CSV row, a previous directory)
 * is adopted as before.
 */
function holdsAnotherPerson(holder: IndexedUser | undefined, existing: IndexedUser | undefined, externalId: string | undefined, source: UserDoc['source']): boolean {
  if (!holder) return false;
  if (existing && existing.id !== holder.id) return true;
  return !!externalId && holder.source === source && !!holder.externalId && holder.externalId !== externalId;
}

/**
 * Commits a plan's writes in batches of at most `batchSize` (500, Firestore's limit per commit, by
 * default), up to `inFlight` commits at a time when every write is to a different user (two
 * writes to one document must land in order). Resolves once all are committed; the first failure
 * rejects, after the commits already sent have answered.
 */
export async function commitPlan(deps: Deps, plan: Pick<UserPlan, 'writes' | 'changedIds'>, options: { batchSize?: number; inFlight?: number } = {}): Promise<void> {
  const size = Math.min(options.batchSize ?? BATCH, BATCH);
  const inFlight = new Set(plan.changedIds).size === plan.changedIds.length ? Math.max(1, options.inFlight ?? 1) : 1;
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < plan.writes.length) {
      const start = next;
      next += size;
      const batch = deps.db.batch();
      for (const write of plan.writes.slice(start, start + size)) write(batch);
      try {
        await batch.commit();
      } catch (err) {
        stopped = true;
        throw err;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: inFlight }, worker));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Deterministic for synced users (a retry re-creates the same document); random for CSV rows.
 * An own copy: the index and the run's lists keep it, and `'u' + slice` would keep the whole hex digest.
 */
function newUserId(tenantId: string, source: string, externalId: string | undefined): string {
  if (!externalId) return ownCopy('u' + randomBytes(8).toString('hex').slice(0, 15));
  return ownCopy('u' + hash('sha256', `${tenantId}:${source}:${externalId}`, 'hex').slice(0, 15));
}
