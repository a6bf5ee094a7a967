import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { emailSchema } from '../core/schemas/user.js';
import { MAX_SHARED_MAILBOXES, type SharedMailboxDoc } from '../core/schemas/shared-mailbox.js';
import type { TenantDoc } from '../core/schemas/tenant.js';
import { isVerifiedAddress } from '../trust/verified-domains.js';
import type { SourceMailbox, SourcePage } from './sources/source.js';

/** Writes per commit when the list changes (a handful a day; a first sync may bring hundreds). */
const COMMIT_SIZE = 400;

type Stored = Pick<SharedMailboxDoc, 'address' | 'displayName' | 'externalId'>;

const mailboxId = (source: SharedMailboxDoc['source'], externalId: string) => `${source}-${externalId}`;

/**
 * The shared mailboxes of one sync run: what the source listed and what it said is gone, applied
 * once the listing is complete (never while pages are still coming, so a failed listing changes
 * nothing). A complete listing that could classify every account removes the stored mailboxes it
 * did not list; a delta round removes those it reports deleted or now lists as people.
 */
export class SharedMailboxSync {
  private stored = new Map<string, Stored>();
  private listed = new Map<string, SourceMailbox>();
  private gone = new Set<string>();
  private unchecked = 0;

  constructor(
    private readonly deps: Deps,
    private readonly tenantId: string,
    private readonly source: SharedMailboxDoc['source'] | 'google',
  ) {}

  /** One read of the tenant's stored mailboxes (a small collection, at most MAX_SHARED_MAILBOXES). */
  async load(): Promise<void> {
    const snap = await col(this.deps.db, 'sharedMailboxes', { tenantId: this.tenantId }).select('address', 'displayName', 'externalId').get();
    this.stored = new Map(snap.docs.map((d) => [d.id, { address: d.get('address'), displayName: d.get('displayName') ?? null, externalId: d.get('externalId') }]));
  }

  /** Whether every listed account could be told a shared mailbox or not (else the source is asked again in full next time). */
  get known(): boolean {
    return this.unchecked === 0;
  }

  /** A resumed delivery lists the source again from its first page. */
  reset(): void {
    this.listed.clear();
    this.gone.clear();
    this.unchecked = 0;
  }

  note(page: SourcePage): void {
    this.unchecked += page.mailboxesUnchecked ?? 0;
    if (this.source !== 'microsoft') return;
    for (const id of page.removedExternalIds) this.gone.add(mailboxId(this.source, id));
    // Listed as a person now (sign-in enabled, converted to a user mailbox): no longer a shared mailbox.
    for (const u of page.users) {
      const id = mailboxId(this.source, u.externalId);
      if (this.stored.has(id)) this.gone.add(id);
    }
    for (const m of page.sharedMailboxes ?? []) {
      const id = mailboxId(this.source, m.externalId);
      this.gone.delete(id);
      this.listed.set(id, m);
    }
  }

  /**
   * Stores what changed and removes what went. Mailboxes outside the tenant's verified domains are
   * not kept (one stored before goes: the API would refuse an assignment to it anyway).
   */
  async apply(tenant: Pick<TenantDoc, 'verifiedDomains'>, complete: boolean): Promise<Record<string, number>> {
    const counts: Record<string, number> = { sharedMailboxes: 0, sharedMailboxesRemoved: 0, sharedMailboxesOutsideVerifiedDomains: 0, sharedMailboxesSkipped: 0 };
    if (this.unchecked) counts.sharedMailboxesUnchecked = this.unchecked;
    const now = this.deps.now();
    const writes: { id: string; data: SharedMailboxDoc | null }[] = [];
    const keep = new Set<string>();
    for (const [id, m] of this.listed) {
      const address = emailSchema.safeParse(m.address);
      if (!address.success) {
        counts.sharedMailboxesSkipped!++;
        continue;
      }
      if (!isVerifiedAddress(tenant, address.data)) {
        counts.sharedMailboxesOutsideVerifiedDomains!++;
        continue;
      }
      if (keep.size >= MAX_SHARED_MAILBOXES) {
        counts.sharedMailboxesSkipped!++;
        continue;
      }
      keep.add(id);
      const displayName = m.displayName ? m.displayName.slice(0, 256) : null;
      const before = this.stored.get(id);
      if (before && before.address === address.data && before.displayName === displayName && before.externalId === m.externalId) continue;
      writes.push({ id, data: { address: address.data, displayName, source: 'microsoft', externalId: m.externalId, createdAt: now, updatedAt: now } });
    }
    counts.sharedMailboxes = keep.size;
    for (const id of this.stored.keys()) {
      if (keep.has(id)) continue;
      const absent = complete && this.known;
      if (absent || this.gone.has(id) || this.listed.has(id)) {
        writes.push({ id, data: null });
        counts.sharedMailboxesRemoved!++;
      }
    }
    for (let i = 0; i < writes.length; i += COMMIT_SIZE) {
      const batch = this.deps.db.batch();
      for (const w of writes.slice(i, i + COMMIT_SIZE)) {
        const ref = doc(this.deps.db, 'sharedMailboxes', { tenantId: this.tenantId, mailboxId: w.id });
        if (!w.data) batch.delete(ref);
        else if (this.stored.has(w.id)) batch.set(ref, { address: w.data.address, displayName: w.data.displayName, externalId: w.data.externalId, updatedAt: now }, { merge: true });
        else batch.set(ref, w.data);
      }
      await batch.commit();
    }
    return counts;
  }
}

/** One shared mailbox as the console offers it (GET /api/directory/shared-mailboxes). */
export interface SharedMailboxView {
  address: string;
  displayName: string | null;
  source: SharedMailboxDoc['source'];
}

export interface SharedMailboxList {
  mailboxes: SharedMailboxView[];
}

/** The tenant's shared mailboxes, by address (a small collection: bounded by MAX_SHARED_MAILBOXES). */
export async function listSharedMailboxes(deps: Deps, tenantId: string): Promise<SharedMailboxList> {
  const snap = await col(deps.db, 'sharedMailboxes', { tenantId }).select('address', 'displayName', 'source').limit(MAX_SHARED_MAILBOXES).get();
  const mailboxes = snap.docs.map((d) => ({ address: String(d.get('address')), displayName: (d.get('displayName') as string | null) ?? null, source: d.get('source') as SharedMailboxDoc['source'] }));
  return { mailboxes: mailboxes.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)) };
}
