import type { DocumentReference, Firestore, Transaction } from 'firebase-admin/firestore';
import { docPath } from '../core/paths.js';
import type { Hit } from './group-committer.js';

/**
 * Queued hits and erasure (docs/tracking.md#the-hit-queue): a hit waits in the queue up to a
 * minute (days, if the drain fails), so it may name a person, a campaign or a tenant that was
 * erased after it was published. The drain screens every batch inside the transaction that commits
 * it, against the tenants' documents:
 * - a tenant gone or being deleted: its hits are dropped;
 * - a tenant whose `hitsScreenUntil` (set by every purge when it starts or resumes: purge-job.ts
 *   `markHitScreening`) lies after the message's publish time: each campaign and employee the hits
 *   name is read; a campaign gone drops its hits, an employee gone keeps the count but loses the
 *   employee's entry (as erasure leaves counts), and a recipient click of an employee or campaign
 *   gone is not stored; during a recipient's purge (`recipientClicksScreenUntil`) no queued
 *   recipient click is stored (the purge keeps no hash to compare them with), the counts stay.
 * The tenant documents are read in the commit's transaction: a purge marking its tenant after the
 * read makes the commit retry, so no hit slips between a purge's mark and its last pass.
 */

/** How long a purge's mark makes the drain check what hits name: past a purge delivery's budget (7 min) and the links app's caches (30 s). */
export const HIT_SCREEN_LEASE_MS = 15 * 60_000;

export interface ScreenedMessage {
  id: string;
  publishedAt: Date;
  hits: Hit[];
}

export interface ScreenResult {
  hits: Hit[];
  /** Hits dropped whole (tenant or campaign gone). */
  dropped: number;
  /** Employee entries taken off hits whose employee is gone. */
  anonymised: number;
}

interface Named {
  tenantId: string;
  campaignId: string | null;
  userIds: string[];
}

/** The tenant, campaign and employees a hit names, from its paths and keyed entries. */
function namedBy(hit: Hit): Named | null {
  const path = hit.counters[0]?.template ?? hit.creates[0]?.path;
  if (!path) return null;
  const parts = path.split('/');
  const campaignId = hit.counters[0] ? parts[3]! : String(hit.creates[0]!.data.campaignId ?? '') || null;
  const userIds = new Set<string>();
  for (const c of hit.counters) if (c.keyed) userIds.add(c.keyed.key);
  for (const c of hit.creates) if (typeof c.data.userId === 'string') userIds.add(c.data.userId);
  return { tenantId: parts[1]!, campaignId, userIds: [...userIds] };
}

export async function screenHits(db: Firestore, tx: Transaction, messages: ScreenedMessage[]): Promise<ScreenResult> {
  const named = messages.flatMap((m) => m.hits.map((hit) => ({ hit, at: m.publishedAt.getTime(), named: namedBy(hit) })));
  const tenantIds = [...new Set(named.flatMap((n) => (n.named ? [n.named.tenantId] : [])))];
  const tenants = new Map<string, { live: boolean; screenUntil: number; recipientsUntil: number }>();
  if (tenantIds.length) {
    const snaps = await tx.getAll(...tenantIds.map((t) => db.doc(docPath('tenants', { tenantId: t }))));
    snaps.forEach((s, i) => {
      const until = s.get('hitsScreenUntil') as { toMillis(): number } | undefined;
      const recipients = s.get('recipientClicksScreenUntil') as { toMillis(): number } | undefined;
      tenants.set(tenantIds[i]!, { live: s.exists && s.get('status') !== 'deleting', screenUntil: until?.toMillis() ?? -Infinity, recipientsUntil: recipients?.toMillis() ?? -Infinity });
    });
  }
  // What the screened hits name, read once each.
  const wanted = new Map<string, DocumentReference>();
  const screened = (n: (typeof named)[number]) => !!n.named && n.at <= tenants.get(n.named.tenantId)!.screenUntil;
  for (const n of named) {
    if (!n.named || !tenants.get(n.named.tenantId)?.live || !screened(n)) continue;
    const { tenantId, campaignId, userIds } = n.named;
    if (campaignId) wanted.set(`c/${tenantId}/${campaignId}`, db.doc(docPath('campaigns', { tenantId, campaignId })));
    for (const userId of userIds) {
      const user = db.doc(docPath('users', { tenantId, userId }));
      wanted.set(`u/${tenantId}/${userId}`, user);
    }
  }
  const exists = new Map<string, boolean>();
  if (wanted.size) {
    const keys = [...wanted.keys()];
    (await tx.getAll(...wanted.values())).forEach((s, i) => exists.set(keys[i]!, s.exists));
  }
  const out: ScreenResult = { hits: [], dropped: 0, anonymised: 0 };
  for (const n of named) {
    if (!n.named || !tenants.get(n.named.tenantId)?.live) {
      out.dropped++;
      continue;
    }
    // During a recipient's purge no queued recipient click is stored: it may be the erased recipient's.
    const recipientPurge = n.at <= tenants.get(n.named.tenantId)!.recipientsUntil;
    if (!screened(n)) {
      out.hits.push(recipientPurge && n.hit.creates.length ? { counters: n.hit.counters, creates: [] } : n.hit);
      continue;
    }
    const { tenantId, campaignId } = n.named;
    if (campaignId && !exists.get(`c/${tenantId}/${campaignId}`)) {
      out.dropped++;
      continue;
    }
    const gone = (userId: string) => !exists.get(`u/${tenantId}/${userId}`);
    let anonymised = false;
    const counters = n.hit.counters.map((c) => {
      if (!c.keyed || !gone(c.keyed.key)) return c;
      anonymised = true;
      const { keyed: _dropped, ...rest } = c;
      return rest;
    });
    const creates = recipientPurge ? [] : n.hit.creates.filter((c) => typeof c.data.userId !== 'string' || !gone(c.data.userId));
    if (anonymised) out.anonymised++;
    out.hits.push({ counters, creates });
  }
  return out;
}
