import * as z from 'zod';
import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { idSchema } from '../core/schemas/ids.js';
import { userView, type UserView } from './user-view.js';

export const listUsersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Email prefix, case-insensitive. */
  q: z.string().trim().toLowerCase().max(254).optional(),
  /** The id of the last user of the previous page (ids, not emails, so no personal data in URLs). */
  pageToken: idSchema.optional(),
});

/** GET /api/users: one page of directory users, by email. */
export interface UserPage {
  users: UserView[];
  /** Pass as `pageToken` for the next page; null on the last one. */
  nextPageToken: string | null;
}

export async function listUsers(
  deps: Deps,
  tenantId: string,
  query: z.output<typeof listUsersQuery>,
): Promise<UserPage> {
  const users = col(deps.db, 'users', { tenantId });
  let q = users.orderBy('email');
  if (query.q) q = q.where('email', '>=', query.q).where('email', '<', query.q + '\uf8ff');
  if (query.pageToken) {
    const last = await users.doc(query.pageToken).get();
    if (!last.exists) throw new AppError('invalid_argument', 'query.pageToken: unknown page token');
    q = q.startAfter(last);
  }
  const page = await q.limit(query.limit + 1).get();
  const docs = page.docs.slice(0, query.limit);
  return {
    users: docs.map((d) => userView(d.id, d.data())),
    nextPageToken: page.size > query.limit ? docs[docs.length - 1]!.id : null,
  };
}
