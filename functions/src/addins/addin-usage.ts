import { FieldValue } from 'firebase-admin/firestore';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { addDays } from '../core/timestamps.js';
import { ADDIN_USAGE_RETENTION_DAYS } from '../core/schemas/addin.js';

const USAGE_DAYS = 30;
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Counts an employee once per UTC day: creating `${day}_${userId}` succeeds only on their first
 * fetch that day, and only then is the day's total incremented (in the same transaction, so a
 * retried request never counts twice). Later fetches that day cost one read and no write.
 */
export async function recordAddinFetch(deps: Deps, tenantId: string, userId: string): Promise<void> {
  const now = deps.now();
  const day = utcDay(now);
  const expireAt = addDays(now, ADDIN_USAGE_RETENTION_DAYS);
  const fetchRef = doc(deps.db, 'addinFetches', { tenantId, fetchId: `${day}_${userId}` });
  const usageRef = doc(deps.db, 'addinUsage', { tenantId, day });
  await deps.db.runTransaction(async (tx) => {
    if ((await tx.get(fetchRef)).exists) return;
    tx.create(fetchRef, { day, userId, expireAt });
    // A blind increment: the day's total is not read, so employees' first fetches do not contend on it.
    tx.set(usageRef, { day, employees: FieldValue.increment(1), expireAt }, { merge: true });
  });
}

/** GET /api/addins/outlook/usage: distinct employees per UTC day (YYYY-MM-DD), oldest first, zeros included. */
export interface AddinUsage {
  days: { day: string; employees: number }[];
}

/** GET /addins/outlook/usage: distinct employees per UTC day over the last 30 days, oldest first, zeros included. */
export async function addinUsage(deps: Deps, tenantId: string): Promise<AddinUsage> {
  const today = deps.now();
  const days = Array.from({ length: USAGE_DAYS }, (_, i) => utcDay(addDays(today, i - (USAGE_DAYS - 1))));
  const snap = await col(deps.db, 'addinUsage', { tenantId }).where('day', '>=', days[0]!).get();
  const counts = new Map(snap.docs.map((d) => [d.get('day') as string, d.get('employees') as number]));
  return { days: days.map((day) => ({ day, employees: counts.get(day) ?? 0 })) };
}
