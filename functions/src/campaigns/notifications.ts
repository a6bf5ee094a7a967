import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { callerDirectoryUser } from '../directory/caller-user.js';
import type { Caller } from '../http/caller.js';
import { AppError } from '../core/errors.js';
import { addDays } from '../core/timestamps.js';
import { activeNotifications, isRunning, targets } from './active-campaigns.js';
import { getCampaign, loadCampaigns, type StoredCampaign } from './campaign-store.js';
import { RECEIPT_RETENTION_DAYS, RECEIPT_TYPES, type ReceiptType } from '../core/schemas/receipt.js';
import type { CampaignDoc } from '../core/schemas/campaign.js';

type NotificationContent = NonNullable<CampaignDoc['notification']>;

/** A running notification addressed to the caller, with the caller's own receipts. */
export interface MyNotification {
  id: string;
  title: string;
  body: string;
  linkUrl: string | null;
  videoUrl: string | null;
  startAt: string;
  endAt: string | null;
  /** Which kinds of receipt the campaign records. */
  tracking: NotificationContent['tracking'];
  receipts: Record<ReceiptType, boolean>;
}

/** GET /api/me/notifications. */
export interface MyNotifications {
  notifications: MyNotification[];
}

/** POST /api/me/notifications/:campaignId/events: false when the campaign does not track that kind. */
export interface NotificationEventResult {
  recorded: boolean;
}

/** GET /api/campaigns/:campaignId/notification-report: totals only. */
export interface NotificationReport {
  campaignId: string;
  audience: number;
  tracking: NotificationContent['tracking'];
  counts: Record<ReceiptType, number>;
  /** Of the audience; null when the audience is empty. */
  rates: Record<ReceiptType, number | null>;
}

const GROUPS_PER_QUERY = 30;

/** Deterministic: a second `seen` from the same user is the same document, so counts stay honest. */
export function receiptId(campaignId: string, userId: string, type: ReceiptType): string {
  return `${campaignId}_${userId}_${type}`;
}

function notificationView(c: StoredCampaign, mine: Record<ReceiptType, boolean>): MyNotification {
  const n = c.doc.notification!;
  return {
    id: c.id,
    title: n.title,
    body: n.body,
    linkUrl: n.linkUrl,
    videoUrl: n.videoUrl,
    startAt: c.startAt.toISOString(),
    endAt: c.endAt?.toISOString() ?? null,
    tracking: n.tracking,
    receipts: mine,
  };
}

/** GET /me/notifications: the running notifications addressed to the caller, with their own receipts. */
export async function myNotifications(deps: Deps, tenantId: string, caller: Caller): Promise<MyNotifications> {
  const { id: userId, user } = await callerDirectoryUser(deps, tenantId, caller);
  const active = activeNotifications(await loadCampaigns(deps, tenantId, 'notification'), { id: userId, groups: user.groups }, deps.now());
  const refs = active.flatMap((c) => RECEIPT_TYPES.map((type) => doc(deps.db, 'receipts', { tenantId, receiptId: receiptId(c.id, userId, type) })));
  const snaps = refs.length ? await deps.db.getAll(...refs) : [];
  const have = new Set(snaps.filter((s) => s.exists).map((s) => s.id));
  return {
    notifications: active.map((c) =>
      notificationView(c, Object.fromEntries(RECEIPT_TYPES.map((t) => [t, have.has(receiptId(c.id, userId, t))])) as Record<ReceiptType, boolean>),
    ),
  };
}

/**
 * POST /me/notifications/:campaignId/events. When the campaign does not track this kind of
 * receipt, nothing at all is written. Repeats are idempotent (the first time is kept).
 */
export async function recordNotificationEvent(deps: Deps, tenantId: string, caller: Caller, campaignId: string, type: ReceiptType): Promise<NotificationEventResult> {
  const { id: userId, user } = await callerDirectoryUser(deps, tenantId, caller);
  const campaign = await getCampaign(deps, tenantId, campaignId).catch(() => null);
  const now = deps.now();
  if (!campaign || campaign.kind !== 'notification' || !isRunning(campaign, now) || !targets(campaign, { id: userId, groups: user.groups })) {
    throw new AppError('not_found', 'notification not found');
  }
  if (!campaign.doc.notification!.tracking[type]) return { recorded: false };
  const ref = doc(deps.db, 'receipts', { tenantId, receiptId: receiptId(campaignId, userId, type) });
  try {
    await ref.create({ campaignId, userId, type, at: now, expireAt: addDays(now, RECEIPT_RETENTION_DAYS) });
  } catch (err) {
    if ((err as { code?: unknown }).code !== 6) throw err; // ALREADY_EXISTS: recorded before.
  }
  return { recorded: true };
}

async function audienceSize(deps: Deps, tenantId: string, groups: readonly string[]): Promise<number> {
  const users = col(deps.db, 'users', { tenantId });
  if (groups.length === 0) return (await users.count().get()).data().count;
  if (groups.length <= GROUPS_PER_QUERY) return (await users.where('groups', 'array-contains-any', [...groups]).count().get()).data().count;
  const ids = new Set<string>();
  for (let i = 0; i < groups.length; i += GROUPS_PER_QUERY) {
    const snap = await users.where('groups', 'array-contains-any', groups.slice(i, i + GROUPS_PER_QUERY)).select().get();
    for (const d of snap.docs) ids.add(d.id);
  }
  return ids.size;
}

/** Totals only: audience size, how many saw / clicked / liked, and the rates. */
export async function notificationReport(deps: Deps, tenantId: string, campaignId: string): Promise<NotificationReport> {
  const campaign = await getCampaign(deps, tenantId, campaignId);
  if (campaign.kind !== 'notification') throw new AppError('not_found', 'notification not found');
  const receipts = col(deps.db, 'receipts', { tenantId });
  const [audience, ...counts] = await Promise.all([
    audienceSize(deps, tenantId, campaign.targetGroups),
    ...RECEIPT_TYPES.map(async (type) => (await receipts.where('campaignId', '==', campaignId).where('type', '==', type).count().get()).data().count),
  ]);
  const rate = (n: number) => (audience > 0 ? Math.round((n / audience) * 10_000) / 10_000 : null);
  const totals = Object.fromEntries(RECEIPT_TYPES.map((t, i) => [t, counts[i]!])) as Record<ReceiptType, number>;
  return {
    campaignId,
    audience,
    tracking: campaign.doc.notification!.tracking,
    counts: totals,
    rates: Object.fromEntries(RECEIPT_TYPES.map((t) => [t, rate(totals[t])])) as Record<ReceiptType, number | null>,
  };
}

/**
 * When a kind of tracking is switched off, the receipts already kept for it go too: what the
 * campaign no longer tracks is no longer kept. Returns how many were deleted.
 */
export async function dropUntrackedReceipts(deps: Deps, tenantId: string, campaignId: string, types: readonly ReceiptType[]): Promise<number> {
  let deleted = 0;
  for (const type of types) {
    for (;;) {
      const page = await col(deps.db, 'receipts', { tenantId }).where('campaignId', '==', campaignId).where('type', '==', type).select().limit(400).get();
      if (page.empty) break;
      const batch = deps.db.batch();
      for (const d of page.docs) batch.delete(d.ref);
      await batch.commit();
      deleted += page.size;
    }
  }
  return deleted;
}
