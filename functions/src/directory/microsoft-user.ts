import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { UserDoc } from '../core/schemas/user.js';

/**
 * The directory record of a Microsoft 365 user, by the object id Graph gave it (`externalId` of a
 * `source: 'microsoft'` record, written by the sync): the one way Herald finds a person from a
 * Microsoft token. Addresses in tokens are never used to look anyone up: an admin of the user
 * object can set them to a colleague's. Null unless exactly one record matches.
 */
export async function microsoftDirectoryUser(deps: Deps, tenantId: string, objectId: string): Promise<{ userId: string; user: UserDoc } | null> {
  const oid = objectId.toLowerCase();
  const found = (await col(deps.db, 'users', { tenantId }).where('externalId', '==', oid).limit(2).get()).docs.filter((d) => d.get('source') === 'microsoft');
  return found.length === 1 ? { userId: found[0]!.id, user: found[0]!.data() } : null;
}
