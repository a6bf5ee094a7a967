import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { LRUCache } from 'lru-cache';
import { docPath } from '../core/paths.js';

/**
 * Clicks one employee's links of one campaign may count as people in one UTC day. A banner link
 * is in every email the employee sends, so the cap is far above any real day (200 people clicking
 * one employee's banner), and far below what a script clicking its own links would make.
 */
export const COUNTED_CLICKS_PER_LINK_PER_DAY = 200;
/** The link's daily count outlives its day by a day (catalog: linkClickDays). */
const TTL_MS = 2 * 86_400_000;

interface Entry {
  path: string;
  fields: { day: string; campaignId: string; userId: string; expireAt: Date };
  /** Clicks the stored document held at the last sync. */
  stored: number;
  /** Clicks this instance admitted and has not written yet. */
  local: number;
  /** Clicks being written by the sync under way. */
  writing: number;
  syncedAt: number;
  syncing: boolean;
}

/**
 * Decides whether a person's click on a link still counts today, across instances. The count
 * lives in Firestore (`linkClickDays/{day}_{campaignId}_{userId}`); each instance keeps, per link
 * it saw today, the stored count plus the clicks it admitted since, and syncs (adds its clicks in
 * one increment, then reads the total) on the link's first click of the day and on a click at
 * least `syncMs` after the last sync. Cost: per link and instance, one read on the first click of
 * the day, then at most one write and one read per `syncMs` while the link is clicked: a hot
 * link clicked 1,000 times a minute costs two writes a minute per instance, not 1,000.
 * Instances overshoot the cap by at most what each admits within one `syncMs`; a failed or slow
 * sync never refuses a click (its clicks are written at the next one).
 */
export class LinkDayCap {
  private readonly entries: LRUCache<string, Entry>;

  constructor(
    private readonly db: Firestore,
    private readonly options: { cap?: number; syncMs?: number; readWaitMs?: number; maxLinks?: number; now?: () => number } = {},
  ) {
    this.entries = new LRUCache<string, Entry>({ max: options.maxLinks ?? 50_000 });
  }

  /** True when this click may count (and it is counted against the link's day); false past the cap. */
  async admit(tenantId: string, campaignId: string, userId: string, day: string, at: Date): Promise<boolean> {
    const path = docPath('linkClickDays', { tenantId, linkDayId: `${day}_${campaignId}_${userId}` });
    let entry = this.entries.get(path);
    if (!entry) {
      entry = { path, fields: { day, campaignId, userId, expireAt: new Date(at.getTime() + TTL_MS) }, stored: 0, local: 0, writing: 0, syncedAt: this.now(), syncing: false };
      this.entries.set(path, entry);
      // A slow Firestore delays a redirect by at most `readWaitMs`: the read then ends in the background.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.sync(entry), new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.readWaitMs ?? 300)))]);
      clearTimeout(timer);
    } else if (!entry.syncing && this.now() - entry.syncedAt >= (this.options.syncMs ?? 30_000)) {
      void this.sync(entry);
    }
    if (entry.stored + entry.writing + entry.local >= (this.options.cap ?? COUNTED_CLICKS_PER_LINK_PER_DAY)) return false;
    entry.local++;
    return true;
  }

  /** Writes the clicks admitted since the last sync (one increment), then reads the link's total. */
  private async sync(entry: Entry): Promise<void> {
    entry.syncing = true;
    const delta = entry.local;
    entry.local = 0;
    entry.writing = delta;
    const ref = this.db.doc(entry.path);
    let written = delta === 0;
    try {
      if (delta > 0) await ref.set({ ...entry.fields, clicks: FieldValue.increment(delta) }, { merge: true });
      written = true;
      const snap = await ref.get();
      entry.stored = Number(snap.get('clicks') ?? 0);
    } catch {
      // Firestore unreachable: what was not written is written at the next sync.
      if (written) entry.stored += delta;
      else entry.local += delta;
    } finally {
      entry.writing = 0;
      entry.syncedAt = this.now();
      entry.syncing = false;
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
