import type { QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { ownCopy } from '../platform/own-copy.js';
import type { UserDoc } from '../core/schemas/user.js';
import { StringSlotTable } from './string-slot-table.js';

export interface IndexedUser {
  id: string;
  email: string;
  externalId: string | undefined;
  contentHash: string;
  source: UserDoc['source'];
  /** The name the user edited (kept over the source's), which their search keys follow; absent for most. */
  nameOverrides?: NameOverrides | undefined;
}

export type NameOverrides = Pick<NonNullable<UserDoc['overrides']>, 'firstName' | 'lastName'>;

const HASH_BYTES = 32;
const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * The tenant's directory as the sync needs it to diff: ids, match keys and content hashes only.
 *
 * Packed, because a sync holds it for a whole directory (100k users and more) in a function
 * instance of limited memory: one slot per user across a few arrays, content hashes as 32 raw
 * bytes, and typed-array lookup tables instead of three Maps of objects (46 MB for 100k users
 * before, 25 MB now, half of it the id, email and source-id strings themselves).
 * Lookups return a fresh `IndexedUser` each time; changing it changes nothing in the index.
 */
export class UserIndex {
  private readonly ids: string[] = [];
  private readonly emails: string[] = [];
  private readonly externalIds: (string | undefined)[] = [];
  private readonly sources: UserDoc['source'][] = [];
  /** Content hashes of 64 lowercase hex digits, packed; any other value (e.g. none stored) in `oddHashes`. */
  private hashes = Buffer.alloc(HASH_BYTES * 1024);
  private readonly oddHashes = new Map<number, string>();
  /** Only the few users with an edited name have an entry. */
  private readonly nameOverrides = new Map<number, NameOverrides>();
  private readonly slotById = new StringSlotTable((slot) => this.ids[slot]);
  private readonly slotByExternalId = new StringSlotTable((slot) => this.externalIds[slot]);
  private readonly slotByEmail = new StringSlotTable((slot) => this.emails[slot]);

  /** Adds a user, or replaces the one with the same id (its old email and source id stop matching). */
  put(user: IndexedUser): void {
    let slot = this.slotById.get(user.id);
    if (slot >= 0) {
      const oldExternalId = this.externalIds[slot];
      if (oldExternalId) this.slotByExternalId.delete(oldExternalId);
      this.slotByEmail.delete(this.emails[slot]!);
    } else {
      slot = this.ids.length;
      this.ids.push(user.id);
      this.slotById.set(user.id, slot);
    }
    this.emails[slot] = user.email;
    this.externalIds[slot] = user.externalId;
    this.sources[slot] = user.source;
    this.storeHash(slot, user.contentHash);
    if (user.nameOverrides) this.nameOverrides.set(slot, user.nameOverrides);
    else this.nameOverrides.delete(slot);
    if (user.externalId) this.slotByExternalId.set(user.externalId, slot);
    this.slotByEmail.set(user.email, slot);
  }

  /** The stored user a source person is: same source id, else same email (e.g. a CSV user adopted by a sync). */
  match(externalId: string | undefined, email: string): IndexedUser | undefined {
    const slot = externalId ? this.slotByExternalId.get(externalId) : -1;
    return this.at(slot >= 0 ? slot : this.slotByEmail.get(email));
  }

  byExternalId(externalId: string): IndexedUser | undefined {
    return this.at(this.slotByExternalId.get(externalId));
  }

  /** The user holding this address, if any (one record per address). */
  byEmail(email: string): IndexedUser | undefined {
    return this.at(this.slotByEmail.get(email));
  }

  /** Every user, in the order they were first put. */
  *users(): IterableIterator<IndexedUser> {
    for (let slot = 0; slot < this.ids.length; slot++) yield this.at(slot)!;
  }

  get size(): number {
    return this.ids.length;
  }

  private at(slot: number): IndexedUser | undefined {
    if (slot < 0) return undefined;
    return {
      id: this.ids[slot]!,
      email: this.emails[slot]!,
      externalId: this.externalIds[slot],
      contentHash: this.oddHashes.get(slot) ?? this.hashes.toString('hex', slot * HASH_BYTES, (slot + 1) * HASH_BYTES),
      source: this.sources[slot]!,
      nameOverrides: this.nameOverrides.get(slot),
    };
  }

  private storeHash(slot: number, hash: string): void {
    if (!HEX_HASH.test(hash)) {
      this.oddHashes.set(slot, hash);
      return;
    }
    this.oddHashes.delete(slot);
    if ((slot + 1) * HASH_BYTES > this.hashes.length) {
      const grown = Buffer.alloc(this.hashes.length * 2);
      this.hashes.copy(grown);
      this.hashes = grown;
    }
    this.hashes.write(hash, slot * HASH_BYTES, HASH_BYTES, 'hex');
  }
}

/** Streams the users (selected fields only), so even a 100k directory is never one buffered result. */
export async function loadUserIndex(deps: Deps, tenantId: string): Promise<UserIndex> {
  const index = new UserIndex();
  const stream = col(deps.db, 'users', { tenantId }).select('email', 'externalId', 'contentHash', 'source', 'overrides.firstName', 'overrides.lastName').stream();
  for await (const d of stream as AsyncIterable<QueryDocumentSnapshot>) {
    const data = d.data() as Partial<UserDoc>;
    // A document id is cut from the document's full resource name: copied, so that the index does
    // not keep each user's name alive for the length of the sync.
    const o = data.overrides;
    const nameOverrides = o && (o.firstName !== undefined || o.lastName !== undefined) ? { ...(o.firstName !== undefined ? { firstName: o.firstName } : {}), ...(o.lastName !== undefined ? { lastName: o.lastName } : {}) } : undefined;
    index.put({ id: ownCopy(d.id), email: data.email ?? '', externalId: data.externalId, contentHash: data.contentHash ?? '', source: data.source ?? 'manual', nameOverrides });
  }
  return index;
}
