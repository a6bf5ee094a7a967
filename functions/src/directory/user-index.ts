import type { QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { col } from '../catalog.js';
import type { Deps } from '../deps.js';
import type { UserDoc } from './schema.js';

export interface IndexedUser {
  id: string;
  email: string;
  externalId: string | undefined;
  contentHash: string;
  source: UserDoc['source'];
}

/** The tenant's directory as the sync needs it to diff: ids, match keys and content hashes only. */
export class UserIndex {
  readonly byId = new Map<string, IndexedUser>();
  readonly byExternalId = new Map<string, IndexedUser>();
  readonly byEmail = new Map<string, IndexedUser>();

  put(user: IndexedUser): void {
    const old = this.byId.get(user.id);
    if (old) {
      if (old.externalId) this.byExternalId.delete(old.externalId);
      this.byEmail.delete(old.email);
    }
    this.byId.set(user.id, user);
    if (user.externalId) this.byExternalId.set(user.externalId, user);
    this.byEmail.set(user.email, user);
  }

  /** The stored user a source person is: same source id, else same email (e.g. a CSV user adopted by a sync). */
  match(externalId: string | undefined, email: string): IndexedUser | undefined {
    return (externalId ? this.byExternalId.get(externalId) : undefined) ?? this.byEmail.get(email);
  }

  get size(): number {
    return this.byId.size;
  }
}

/** Streams the users (selected fields only), so even a 100k directory is never one buffered result. */
export async function loadUserIndex(deps: Deps, tenantId: string): Promise<UserIndex> {
  const index = new UserIndex();
  const stream = col(deps.db, 'users', { tenantId }).select('email', 'externalId', 'contentHash', 'source').stream();
  for await (const d of stream as AsyncIterable<QueryDocumentSnapshot>) {
    const data = d.data() as Partial<UserDoc>;
    index.put({ id: d.id, email: data.email ?? '', externalId: data.externalId, contentHash: data.contentHash ?? '', source: data.source ?? 'manual' });
  }
  return index;
}
