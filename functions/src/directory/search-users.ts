import type { QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { z } from 'zod';
import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { UserDoc } from '../core/schemas/user.js';
import { userView, type UserView } from './user-view.js';

export const searchUsersQuery = z.object({
  /** Part of a name or an email address, case-insensitive; empty answers the total only. */
  q: z.string().trim().toLowerCase().max(100).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(25),
});

/** Users scanned per search at most: Firestore has no substring index, so a search reads names and emails. */
export const SEARCH_SCAN_LIMIT = 20_000;
const PAGE = 1000;

/**
 * Directory users whose name ("first last", overrides applied) or email contains the query, and the
 * directory's total (a count aggregation, cheap). Reads only the three searched fields while scanning.
 */
/** GET /api/directory/search: the users matching q, how many match, and the directory's total. */
export interface UserSearch {
  total: number;
  matches: number;
  users: UserView[];
  /** The scan stopped at SEARCH_SCAN_LIMIT users before the end of the directory. */
  truncated: boolean;
}

export async function searchUsers(deps: Deps, tenantId: string, query: z.output<typeof searchUsersQuery>): Promise<UserSearch> {
  const users = col(deps.db, 'users', { tenantId });
  const total = (await users.count().get()).data().count;
  if (!query.q) return { total, matches: 0, users: [], truncated: false };

  const hits: string[] = [];
  let matches = 0;
  let scanned = 0;
  let last: QueryDocumentSnapshot | undefined;
  // No converter while scanning: the partial documents of a select() are not whole users.
  const raw = users.withConverter(null);
  for (;;) {
    let page = raw.orderBy('email').select('email', 'firstName', 'lastName', 'overrides.firstName', 'overrides.lastName').limit(PAGE);
    if (last) page = page.startAfter(last);
    const snap = await page.get();
    for (const d of snap.docs) {
      const u = d.data() as Partial<UserDoc>;
      const first = u.overrides?.firstName ?? u.firstName ?? '';
      const lastName = u.overrides?.lastName ?? u.lastName ?? '';
      const hay = `${first} ${lastName}\n${u.email ?? ''}`.toLowerCase();
      if (hay.includes(query.q)) {
        matches++;
        if (hits.length < query.limit) hits.push(d.id);
      }
    }
    scanned += snap.size;
    last = snap.docs[snap.docs.length - 1];
    if (snap.size < PAGE || scanned >= SEARCH_SCAN_LIMIT) break;
  }
  const docs = hits.length ? await deps.db.getAll(...hits.map((id) => users.doc(id))) : [];
  return {
    total,
    matches,
    users: docs.filter((d) => d.exists).map((d) => userView(d.id, d.data() as UserDoc)),
    truncated: scanned >= SEARCH_SCAN_LIMIT && scanned < total,
  };
}
