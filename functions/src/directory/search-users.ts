import type { DocumentSnapshot, Query } from 'firebase-admin/firestore';
import * as z from 'zod';
import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { idSchema } from '../core/schemas/ids.js';
import type { UserDoc } from '../core/schemas/user.js';
import { matchesSearch, searchFieldsOf, searchForm, searchKeyOfQuery, SEARCH_KEY_MAX } from '../core/search-keys.js';
import { userView, type UserView } from './user-view.js';

export const searchUsersQuery = z.object({
  /** The start of a first name, last name, full name or email address; case and accents ignored. Empty answers the total only. */
  q: z.string().trim().max(100).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(25),
  /** The id of the last user of the previous page (ids, not emails, so no personal data in URLs). */
  pageToken: idSchema.optional(),
});

/** GET /api/directory/search: one page of the users matching q (by email), how many match, and the directory's total. */
export interface UserSearch {
  /** The directory's total, answered when q is empty (a count costs a read per 1,000 users: asked once, not per keystroke). */
  total: number | null;
  matches: number;
  users: UserView[];
  /** Pass as `pageToken` for the next page; null on the last one. */
  nextPageToken: string | null;
}

/**
 * Directory users whose name or email starts with the query, from the index of search keys that
 * every user document holds (core/search-keys.ts): one `array-contains` query ordered by email reads
 * the page it answers, and a count aggregation the number of matches, whatever the directory's size.
 * The query is scoped to the tenant's own users collection.
 */
export async function searchUsers(deps: Deps, tenantId: string, query: z.output<typeof searchUsersQuery>): Promise<UserSearch> {
  const users = col(deps.db, 'users', { tenantId });
  const key = searchKeyOfQuery(query.q);
  if (!key) return { total: query.q ? null : (await users.count().get()).data().count, matches: 0, users: [], nextPageToken: null };

  const matching = users.where('searchKeys', 'array-contains', key).orderBy('email');
  let after: DocumentSnapshot | undefined;
  if (query.pageToken) {
    after = await users.doc(query.pageToken).get();
    if (!after.exists) throw new AppError('invalid_argument', 'query.pageToken: unknown page token');
  }
  if (searchForm(query.q).length > SEARCH_KEY_MAX) return searchLong(matching, query, after);

  const [page, count] = await Promise.all([(after ? matching.startAfter(after) : matching).limit(query.limit + 1).get(), matching.count().get()]);
  const docs = page.docs.slice(0, query.limit);
  return {
    total: null,
    matches: count.data().count,
    users: docs.map((d) => userView(d.id, d.data())),
    nextPageToken: page.size > query.limit ? docs[docs.length - 1]!.id : null,
  };
}

/**
 * A query longer than the longest key: the users sharing its first SEARCH_KEY_MAX characters (in
 * practice the same few people), checked against the whole query.
 */
async function searchLong(
  matching: Query<UserDoc>,
  query: z.output<typeof searchUsersQuery>,
  after: DocumentSnapshot | undefined,
): Promise<UserSearch> {
  const all = (await matching.get()).docs.filter((d) => matchesSearch(searchFieldsOf(d.data()), query.q));
  const afterEmail = after?.get('email') as string | undefined;
  const rest = afterEmail === undefined ? all : all.filter((d) => d.data().email > afterEmail);
  const docs = rest.slice(0, query.limit);
  return {
    total: null,
    matches: all.length,
    users: docs.map((d) => userView(d.id, d.data())),
    nextPageToken: rest.length > query.limit ? docs[docs.length - 1]!.id : null,
  };
}
