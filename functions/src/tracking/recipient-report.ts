import { Timestamp } from 'firebase-admin/firestore';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { toIso } from '../core/timestamps.js';
import { atRestContext, openRecipient } from './recipient-seal.js';

export const RECIPIENT_REPORT_LIMIT = 1000;

/** One recipient click, the address opened (null when it can no longer be opened). */
export interface RecipientClick {
  at: string | null;
  /** The sending employee. */
  userId: string;
  recipient: string | null;
  bot: boolean;
}

/** GET /api/reports/campaigns/:campaignId/recipients: newest first. */
export interface RecipientReport {
  campaignId: string;
  clicks: RecipientClick[];
  /** RECIPIENT_REPORT_LIMIT clicks were read: there may be more than shown. */
  truncated: boolean;
}

/** Recipient clicks of a campaign, newest first, addresses opened for the admin who asked. */
export async function recipientReport(deps: Deps, tenantId: string, campaignId: string): Promise<RecipientReport> {
  const campaign = await doc(deps.db, 'campaigns', { tenantId, campaignId }).get();
  if (!campaign.exists) throw new AppError('not_found', 'params.campaignId: no such campaign');
  const now = Timestamp.fromDate(deps.now());
  // One equality filter: served by the automatic single-field index, no composite index needed.
  const snap = await col(deps.db, 'recipientClicks', { tenantId }).where('campaignId', '==', campaignId).limit(RECIPIENT_REPORT_LIMIT).get();
  const clicks = snap.docs
    .map((d) => d.data())
    // TTL deletion runs within a day or so of expiry: expired clicks are never shown.
    .filter((c) => (c.expireAt as Timestamp).toMillis() > now.toMillis())
    .map((c): RecipientClick => ({
      at: toIso(c.at),
      userId: c.userId,
      recipient: openRecipient(deps.config.recipientKeys, Buffer.from(c.recipientSealed, 'base64'), atRestContext(tenantId)),
      bot: c.bot,
    }))
    .sort((a, b) => String(b.at).localeCompare(String(a.at)));
  return { campaignId, clicks, truncated: snap.size >= RECIPIENT_REPORT_LIMIT };
}
