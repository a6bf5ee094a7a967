import type { Request } from 'express';
import type { Deps } from '../core/deps.js';
import { isRole } from '../core/roles.js';
import type { Role } from '../core/schemas/tenant.js';
import { AppError } from '../core/errors.js';

/** The signed-in person behind a request, from a verified Firebase ID token and its custom claims. */
export interface Caller {
  uid: string;
  email: string | null;
  emailVerified: boolean;
  tenantId: string | null;
  role: Role | null;
}

/**
 * `checkRevoked` also asks Auth whether the token was revoked or the account disabled since it was
 * issued (one Auth API call): tenant routes for admins and owners ask it, whose power matters most.
 * The role itself always comes from members/{uid} (api-app.ts), never from the claim alone.
 */
export async function verifyCaller(deps: Deps, req: Request, options: { checkRevoked?: boolean } = {}): Promise<Caller> {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer (\S+)$/.exec(header);
  if (!match) throw new AppError('unauthenticated', 'sign in first: send Authorization: Bearer <Firebase ID token>');
  let decoded;
  try {
    decoded = await deps.auth.verifyIdToken(match[1]!, options.checkRevoked === true);
  } catch {
    throw new AppError('unauthenticated', 'the ID token is invalid or expired; sign in again');
  }
  const tid = typeof decoded.tid === 'string' && decoded.tid ? decoded.tid : null;
  return {
    uid: decoded.uid,
    email: decoded.email ? decoded.email.toLowerCase() : null,
    emailVerified: decoded.email_verified === true,
    tenantId: tid,
    role: tid && isRole(decoded.role) ? decoded.role : null,
  };
}

/**
 * The caller's email, only when their identity provider verified it: every lookup of "the caller's
 * directory record" goes through here, so a changed, unverified sign-in email never finds a
 * colleague's record. (Microsoft sign-ins are marked verified by POST /api/me/microsoft-proof once
 * an ID token of the Entra tenant bound to their Herald tenant vouches for the address.)
 */
export function verifiedEmailOf(caller: Pick<Caller, 'email' | 'emailVerified'>): string {
  if (!caller.email || !caller.emailVerified) throw new AppError('permission_denied', 'verify your email address first: your directory record is found by it');
  return caller.email;
}
