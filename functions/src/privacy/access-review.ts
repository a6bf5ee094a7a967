import { writeAudit } from '../audit/write-audit.js';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { addDays, toIso } from '../core/timestamps.js';
import { activeTenantIds } from '../tenants/list-tenant-ids.js';
import { isRole } from '../core/roles.js';
import { findTenantAccounts } from './tenant-accounts.js';

export const INACTIVE_DAYS = 90;
const REVIEW_RETENTION_DAYS = 400;
const PRIVILEGED = new Set(['owner', 'admin']);

/**
 * The monthly access review of one tenant: every account holding a role (from the Auth claims),
 * when it last acted (its newest audit entry) and signed in, owners and admins inactive for 90
 * days flagged. One line per account and month (deterministic ids: a re-run rewrites the same lines).
 */
export async function runAccessReview(deps: Deps, payload: { tenantId: string }): Promise<void> {
  const now = deps.now();
  const review = now.toISOString().slice(0, 7);
  const accounts = await findTenantAccounts(deps, payload.tenantId);
  let flagged = 0;
  for (const account of accounts) {
    const role = account.customClaims?.role;
    if (!isRole(role)) continue;
    const last = await col(deps.db, 'audit', { tenantId: payload.tenantId }).where('actor.uid', '==', account.uid).orderBy('at', 'desc').limit(1).get();
    const lastActedAt = last.docs[0]?.data().at ?? null;
    const lastActed = lastActedAt ? new Date(toIso(lastActedAt)!) : null;
    const isFlagged = PRIVILEGED.has(role) && (!lastActed || lastActed < addDays(now, -INACTIVE_DAYS));
    if (isFlagged) flagged++;
    const signIn = account.metadata.lastSignInTime ? new Date(account.metadata.lastSignInTime) : null;
    await doc(deps.db, 'accessReviews', { tenantId: payload.tenantId, reviewLineId: `${review}_${account.uid}` }).set({
      review,
      uid: account.uid,
      role,
      lastActedAt: lastActed,
      lastSignInAt: signIn && !Number.isNaN(signIn.getTime()) ? signIn : null,
      flagged: isFlagged,
      at: now,
      expireAt: addDays(now, REVIEW_RETENTION_DAYS),
    });
  }
  await writeAudit(deps, { tenantId: payload.tenantId, actor: { uid: 'system', role: 'system' }, action: 'privacy.access_review', target: { type: 'access_review', id: review }, meta: { accounts: accounts.length, flagged } });
  deps.log.info('access review done', { tenantId: payload.tenantId, accounts: accounts.length, flagged });
}

/** Monthly fan-out: one review task per active tenant and month. */
export async function enqueueAccessReviews(deps: Deps): Promise<void> {
  const month = deps.now().toISOString().slice(0, 7);
  let count = 0;
  for await (const tenantId of activeTenantIds(deps)) {
    await deps.tasks.enqueue('privacy.access-review', { tenantId }, { id: `access-review-${month}` });
    count++;
  }
  deps.log.info('access reviews enqueued', { tenants: count });
}

/** One account of a monthly access review. */
export interface ReviewedAccount {
  uid: string;
  role: string;
  lastActedAt: string | null;
  lastSignInAt: string | null;
  /** An owner or admin who has not acted for INACTIVE_DAYS. */
  flagged: boolean;
}

/** GET /api/privacy/access-review: the month reviewed (null: none yet) and its accounts, flagged first. */
export interface AccessReviewView {
  review: string | null;
  accounts: ReviewedAccount[];
}

export async function listAccessReview(deps: Deps, tenantId: string, review: string | undefined): Promise<AccessReviewView> {
  const lines = col(deps.db, 'accessReviews', { tenantId });
  let month = review;
  if (!month) {
    const latest = await lines.orderBy('review', 'desc').limit(1).get();
    month = latest.docs[0]?.data().review;
  }
  if (!month) return { review: null, accounts: [] };
  const snap = await lines.where('review', '==', month).get();
  return {
    review: month,
    accounts: snap.docs
      .map((d) => d.data())
      .map((l) => ({ uid: l.uid, role: l.role, lastActedAt: toIso(l.lastActedAt), lastSignInAt: toIso(l.lastSignInAt), flagged: l.flagged }))
      .sort((a, b) => Number(b.flagged) - Number(a.flagged) || a.role.localeCompare(b.role)),
  };
}
