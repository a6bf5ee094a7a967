import type { Request } from 'express';
import type { DecodedIdToken } from 'firebase-admin/auth';
import { decodeJwt } from 'jose';
import { LRUCache } from 'lru-cache';
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
  /**
   * A Herald operator: an account the operator command (local/operator-accounts.ts, run with project
   * credentials) marked with the `operator` custom claim. Operators belong to no tenant: their
   * tenantId and role are always null, whatever else the token says, and api/api-app.ts opens them
   * operator routes only.
   */
  operator: boolean;
}

/** The custom claim that marks a Herald operator; only the operator command sets it. */
export const OPERATOR_CLAIM = 'operator';

/** How long Auth's word that a token is current (not revoked, account enabled) stands on this instance. */
export const REVOCATION_CHECK_TTL_MS = 5_000;
/** Tokens remembered at most (about 150 bytes each: 1.5 MB at most), least recently used dropped first. */
const REVOCATION_CHECK_MAX = 10_000;

/** Per Auth client (one per instance; tests build several): the tokens Auth just said are current. */
const currentTokens = new WeakMap<object, LRUCache<string, true>>();

/**
 * Every signed-in request asks Auth whether the token was revoked or the account disabled since it
 * was issued (verifyIdToken's checkRevoked: one Auth API call, accounts:lookup). A positive answer
 * stands for REVOCATION_CHECK_TTL_MS per token (uid, issue and sign-in times), so a client's burst
 * of requests costs one call; a revocation or a disabled account is refused within that time.
 * The role itself always comes from members/{uid} (api-app.ts), never from the claim alone.
 */
export async function verifyCaller(deps: Deps, req: Request): Promise<Caller> {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer (\S+)$/.exec(header);
  if (!match) throw new AppError('unauthenticated', 'sign in first: send Authorization: Bearer <Firebase ID token>');
  const token = match[1]!;
  let current = currentTokens.get(deps.auth);
  if (!current) currentTokens.set(deps.auth, (current = new LRUCache({ max: REVOCATION_CHECK_MAX, ttl: REVOCATION_CHECK_TTL_MS })));
  const claimed = unverifiedKey(token);
  const fresh = claimed !== null && current.has(claimed);
  let decoded;
  try {
    // The signature and expiry are checked every time; Auth is asked unless it just answered.
    decoded = await deps.auth.verifyIdToken(token, !fresh);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'auth/id-token-revoked' || code === 'auth/user-disabled') throw new AppError('unauthenticated', 'this sign-in was ended or the account disabled; sign in again');
    throw new AppError('unauthenticated', 'the ID token is invalid or expired; sign in again');
  }
  if (!fresh) current.set(keyOf(decoded), true);
  const operator = decoded[OPERATOR_CLAIM] === true;
  const tid = !operator && typeof decoded.tid === 'string' && decoded.tid ? decoded.tid : null;
  return {
    uid: decoded.uid,
    email: decoded.email ? decoded.email.toLowerCase() : null,
    emailVerified: decoded.email_verified === true,
    tenantId: tid,
    role: tid && isRole(decoded.role) ? decoded.role : null,
    operator,
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

function keyOf(t: Pick<DecodedIdToken, 'uid' | 'iat' | 'auth_time'>): string {
  return `${t.uid}:${t.iat}:${t.auth_time}`;
}

/** The cache key from the token's payload before it is verified (the verification follows either way). */
function unverifiedKey(token: string): string | null {
  try {
    const p = decodeJwt(token);
    return typeof p.sub === 'string' && typeof p.iat === 'number' && typeof p.auth_time === 'number' ? keyOf({ uid: p.sub, iat: p.iat, auth_time: p.auth_time }) : null;
  } catch {
    return null;
  }
}
