import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { utcDay } from './build-hit.js';

/**
 * Recipient links per employee per UTC day. The Gmail add-on mints one per compose with a single
 * external recipient, so 40 is a busy day of one-to-one mail; beyond it, links would only serve to
 * inflate one's own counts.
 */
export const RECIPIENT_LINKS_PER_DAY = 40;

/**
 * Takes `n` recipient links from the employee's quota for today, or refuses (429 `rate_limited`, with
 * the seconds until the next UTC day, which the error handler sends as Retry-After: http/rate-limit.ts). The count lives on the employee's link code document
 * (`linkCodes/{userCode}`, deleted with the employee), one transaction per mint: a mint costs one
 * read and one write, and the quota holds across instances.
 */
export async function takeRecipientLinks(deps: Pick<Deps, 'db' | 'now'>, tenantId: string, userCode: number, n: number): Promise<void> {
  const ref = doc(deps.db, 'linkCodes', { tenantId, code: String(userCode) });
  const now = deps.now();
  const day = utcDay(now);
  await deps.db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    const mints = snap.get('recipientMints') as { day: string; count: number } | undefined;
    const used = mints?.day === day ? mints.count : 0;
    if (used + n > RECIPIENT_LINKS_PER_DAY) {
      const nextDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
      const retryAfterSeconds = Math.max(1, Math.ceil((nextDay - now.getTime()) / 1000));
      throw new AppError(
        'rate_limited',
        `recipient links: at most ${RECIPIENT_LINKS_PER_DAY} a day per employee (one per email to one outside recipient), and ${used} were made today; more from 00:00 UTC, in ${Math.ceil(retryAfterSeconds / 3600)} h`,
        { retryAfterSeconds },
      );
    }
    tx.update(ref, { recipientMints: { day, count: used + n } });
  });
}
