import type { Firestore } from 'firebase-admin/firestore';
import { LRUCache } from 'lru-cache';
import { docPath } from '../core/paths.js';

/**
 * Clicks one employee's links of one campaign may count as people in one UTC day. A banner link
 * is in every email the employee sends, so the cap is far above any real day (200 people clicking
 * one employee's banner), and far below what a script clicking its own links would make.
 */
export const COUNTED_CLICKS_PER_LINK_PER_DAY = 200;

/** The document counting one link's day (committed with the click by the group commit). */
export function linkDayPath(tenantId: string, campaignId: string, userId: string, day: string): string {
  return docPath('linkClickDays', { tenantId, linkDayId: `${day}_${campaignId}_${userId}` });
}

interface Entry {
  /** Clicks the stored document held when last read. */
  stored: number;
  /** Clicks this instance admitted since that read was issued (not yet in `stored`). */
  local: number;
  readAt: number;
  refreshing: boolean;
}

/**
 * Decides whether a human click on a link still counts today, across instances: the count lives
 * in Firestore (`linkClickDays`, incremented in the same group commit as the click's counters: at
 * most one more document write per link per commit, and none once the link is capped, since only
 * counted clicks are written), and each instance reads it on a link's first click of the day and
 * again every `refreshMs` while the link is clicked (one read per link per instance per refresh),
 * adding the clicks it admitted since. Instances overshoot the cap by at most what they admit
 * within one refresh; a failed or slow read counts as zero stored (the click is never refused for it).
 */
export class LinkDayCap {
  private readonly entries: LRUCache<string, Entry>;

  constructor(
    private readonly db: Firestore,
    private readonly options: { cap?: number; refreshMs?: number; readWaitMs?: number; maxLinks?: number; now?: () => number } = {},
  ) {
    this.entries = new LRUCache<string, Entry>({ max: options.maxLinks ?? 50_000 });
  }

  /** True when this click may count (and it is counted against the link's day); false past the cap. */
  async admit(tenantId: string, campaignId: string, userId: string, day: string): Promise<boolean> {
    const path = linkDayPath(tenantId, campaignId, userId, day);
    let entry = this.entries.get(path);
    if (!entry) {
      entry = { stored: 0, local: 0, readAt: this.now(), refreshing: false };
      this.entries.set(path, entry);
      // A slow Firestore delays a redirect by at most `readWaitMs`: the read then finishes in the background.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.read(path, entry), new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.readWaitMs ?? 300)))]);
      clearTimeout(timer);
    } else if (!entry.refreshing && this.now() - entry.readAt >= (this.options.refreshMs ?? 30_000)) {
      void this.read(path, entry);
    }
    if (entry.stored + entry.local >= (this.options.cap ?? COUNTED_CLICKS_PER_LINK_PER_DAY)) return false;
    entry.local++;
    return true;
  }

  private async read(path: string, entry: Entry): Promise<void> {
    entry.refreshing = true;
    const issuedWith = entry.local;
    try {
      const snap = await this.db.doc(path).get();
      entry.stored = Number(snap.get('clicks') ?? 0);
      // Clicks admitted before the read was issued are (or will shortly be) in the stored count.
      entry.local -= issuedWith;
    } catch {
      // Firestore unreachable: keep counting locally.
    } finally {
      entry.readAt = this.now();
      entry.refreshing = false;
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
