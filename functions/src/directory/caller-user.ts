import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { verifiedEmailOf, type Caller } from '../http/caller.js';
import { AppError } from '../core/errors.js';
import type { UserDoc } from '../core/schemas/user.js';

/**
 * The caller's own directory record, matched by their verified sign-in email: an unverified
 * address could claim someone else's record. The one lookup every "me" route uses.
 */
export async function callerDirectoryUser(deps: Deps, tenantId: string, caller: Caller): Promise<{ id: string; user: UserDoc }> {
  const email = verifiedEmailOf(caller);
  const snap = await col(deps.db, 'users', { tenantId }).where('email', '==', email).limit(1).get();
  const found = snap.docs[0];
  if (!found) throw new AppError('not_found', 'your account has no record in the company directory');
  return { id: found.id, user: found.data() };
}
