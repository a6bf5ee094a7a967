import type { Auth } from 'firebase-admin/auth';
import { AppError } from '../core/errors.js';
import { OPERATOR_CLAIM } from '../http/caller.js';

/**
 * Marks an existing Firebase Auth account as a Herald operator, or unmarks it. Only the operator
 * command (local/operator-accounts.ts, run with the project's own credentials) calls this: no API
 * route sets the claim, and the claims a tenant's role changes write ({ tid, role }) never carry it.
 *
 * An operator belongs to no tenant: an account that holds a tenant role is refused (operators use
 * an account of their own, so no one is both the customer who approves and the operator who asks).
 * Removing the mark also revokes the account's sessions, so its current tokens stop working within
 * the API's revocation check (http/caller.ts), not when they expire.
 */
export async function setOperator(auth: Auth, email: string, on: boolean): Promise<{ uid: string; operator: boolean }> {
  const user = await auth.getUserByEmail(email.trim().toLowerCase()).catch(() => null);
  if (!user) throw new AppError('not_found', `no account signs in as ${email}: the operator signs in once first`);
  const claims = user.customClaims ?? {};
  if (on) {
    if (typeof claims.tid === 'string' && claims.tid) throw new AppError('conflict', `${email} belongs to a tenant: an operator uses an account of their own`);
    await auth.setCustomUserClaims(user.uid, { [OPERATOR_CLAIM]: true });
  } else {
    const rest = Object.fromEntries(Object.entries(claims).filter(([k]) => k !== OPERATOR_CLAIM));
    await auth.setCustomUserClaims(user.uid, rest);
    await auth.revokeRefreshTokens(user.uid);
  }
  return { uid: user.uid, operator: on };
}
