import { catalog, col, type CollectionName } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { callerDirectoryUser } from '../directory/caller-user.js';
import { verifiedEmailOf, type Caller } from '../http/caller.js';
import { AppError } from '../core/errors.js';
import { describeEntry, toJson, type EntryDescription } from './describe-entry.js';
import { locateSubject, tenantEntries, type SubjectKeys } from './subject-queries.js';

/**
 * A person's data (GDPR Art. 15 and 20) as one JSON document: for every catalog collection that a
 * user export includes, its documents about them with the purpose, legal basis and retention.
 * Found by indexed subject lookups only, so reading is proportional to the person's own data.
 */
export async function exportUser(deps: Deps, tenantId: string, subject: { userId: string | null; authUid: string | null }) {
  const keys: SubjectKeys = { ...(subject.userId ? { userId: [subject.userId] } : {}), ...(subject.authUid ? { authUid: [subject.authUid] } : {}) };
  const collections: Record<string, EntryDescription & { documents: { path: string; data: unknown }[] }> = {};
  for (const name of tenantEntries().reverse()) {
    if (!catalog[name].export.user) continue;
    const documents = new Map<string, unknown>();
    for (const located of locateSubject(deps.db, tenantId, keys, (n: CollectionName) => n === name)) {
      const snap = await located.query.get();
      for (const d of snap.docs) {
        if (!located.exact && !located.matches(d.ref.path)) continue;
        documents.set(d.ref.path, toJson(located.lookup?.at === 'map_key' ? ownEntry(d.data(), located.lookup, located.value!) : d.data()));
      }
    }
    collections[name] = { ...describeEntry(name), documents: [...documents].map(([path, data]) => ({ path, data })) };
  }
  return {
    format: 'herald.user-export.v1',
    generatedAt: deps.now().toISOString(),
    region: deps.config.region,
    tenantId,
    subject,
    collections,
  };
}

/** A shared document reduced to the subject's entry (the others' entries are not theirs to see). */
function ownEntry(data: Record<string, unknown>, lookup: { map: string; index: string }, id: string): Record<string, unknown> {
  // Its own ids (campaign, day) stay; the shared counts do not.
  const rest = Object.fromEntries(Object.entries(data).filter(([, v]) => typeof v === 'string'));
  return { ...rest, [lookup.map]: { [id]: (data[lookup.map] as Record<string, unknown> | undefined)?.[id] ?? {} } };
}

/**
 * The caller's own export: their Auth uid, and their directory record found by their verified
 * sign-in email (an unverified, changed email must not reach a colleague's record).
 */
export async function exportSelf(deps: Deps, tenantId: string, caller: Caller) {
  verifiedEmailOf(caller);
  let userId: string | null = null;
  try {
    userId = (await callerDirectoryUser(deps, tenantId, caller)).id;
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'not_found')) throw err;
  }
  return exportUser(deps, tenantId, { userId, authUid: caller.uid });
}

/** An admin's export of one directory user, with the data of the Auth account on the same email. */
export async function exportDirectoryUser(deps: Deps, tenantId: string, userId: string) {
  const user = (await col(deps.db, 'users', { tenantId }).doc(userId).get()).data();
  if (!user) throw new AppError('not_found', 'user not found');
  let authUid: string | null = null;
  try {
    const account = await deps.auth.getUserByEmail(user.email);
    if (account.customClaims?.tid === tenantId) authUid = account.uid;
  } catch (err) {
    if ((err as { code?: string }).code !== 'auth/user-not-found') throw err;
  }
  return exportUser(deps, tenantId, { userId, authUid });
}
