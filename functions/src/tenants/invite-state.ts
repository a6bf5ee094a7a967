import { createHash } from 'node:crypto';
import type { InviteDoc } from '../core/schemas/invite.js';
import { toIso } from '../core/timestamps.js';

/** An invite's id, from the address it names: one invite per address and tenant, found without a query. */
export function inviteIdOf(email: string): string {
  return 'i' + createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 24);
}

/** Whether an invite can still be redeemed (Firestore's TTL deletes expired ones within a day or so). */
export function isLive(invite: Pick<InviteDoc, 'expireAt'>, now: Date): boolean {
  const iso = toIso(invite.expireAt);
  return iso !== null && Date.parse(iso) > now.getTime();
}
