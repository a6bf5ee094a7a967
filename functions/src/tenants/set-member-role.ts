import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { hasRole } from '../core/roles.js';
import type { Role } from '../core/schemas/tenant.js';
import { isVerifiedAddress } from '../trust/verified-domains.js';
import { changeRole } from './member-roles.js';

/** One account holding a role in the tenant (GET /api/members). */
export interface MemberView {
  uid: string;
  email: string | null;
  role: Role;
  grantedBy: string;
}

export interface MemberList {
  members: MemberView[];
}

/** PUT /api/members/:uid: the role now held (null: revoked). */
export interface MemberRoleSet {
  uid: string;
  role: Role | null;
}

/**
 * Grants a role in the caller's tenant (or takes it away) through `changeRole`: never above the
 * granter's own, never over a member who outranks the granter, and to a newcomer only when their
 * verified address is on one of the tenant's verified domains.
 */
export async function setMemberRole(
  deps: Deps,
  input: { tenantId: string; actor: { uid: string; role: Role }; uid: string; role: Role | null },
): Promise<MemberRoleSet> {
  const { tenantId, actor, uid, role } = input;
  if (role && !hasRole(actor.role, role)) throw new AppError('permission_denied', `body.role: you cannot grant ${role}`);
  let account;
  try {
    account = await deps.auth.getUser(uid);
  } catch {
    throw new AppError('not_found', 'account not found');
  }
  const claims = account.customClaims ?? {};
  const inTenant = claims.tid === tenantId;
  // Someone of another tenant is invisible here; a newcomer must be on one of the tenant's domains.
  if (claims.tid && !inTenant) throw new AppError('not_found', 'account not found');
  if (!inTenant) {
    const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
    if (!account.emailVerified || !isVerifiedAddress(tenant, account.email)) throw new AppError('not_found', 'account not found');
  }
  await changeRole(deps, {
    tenantId,
    actor,
    uid,
    to: role,
    via: 'members',
    allow: (from) => {
      if (from && !hasRole(actor.role, from)) throw new AppError('permission_denied', `you cannot change the role of a ${from}`);
    },
  });
  return { uid, role };
}

/** The tenant's members with their emails, read from Auth in batches (no emails stored here). */
export async function listMembers(deps: Deps, tenantId: string): Promise<MemberList> {
  const members = await col(deps.db, 'members', { tenantId }).orderBy('role').get();
  const uids = members.docs.map((d) => d.id);
  const emails = await emailsOf(deps, uids);
  return {
    members: members.docs.map((d) => ({ uid: d.id, email: emails.get(d.id) ?? null, role: d.data().role, grantedBy: d.data().grantedBy })),
  };
}

/** The tenant's owners' addresses, for someone who must ask them for a role (at most `limit`). */
export async function ownerEmails(deps: Deps, tenantId: string, limit = 3): Promise<string[]> {
  const owners = await col(deps.db, 'members', { tenantId }).where('role', '==', 'owner').limit(limit).select().get();
  const emails = await emailsOf(deps, owners.docs.map((d) => d.id));
  return [...emails.values()].filter((e): e is string => Boolean(e)).sort();
}

/** Emails of Auth accounts, read in batches of 100 (Auth's limit); no email is stored with a role. */
async function emailsOf(deps: Deps, uids: string[]): Promise<Map<string, string | null>> {
  const emails = new Map<string, string | null>();
  for (let i = 0; i < uids.length; i += 100) {
    const found = await deps.auth.getUsers(uids.slice(i, i + 100).map((uid) => ({ uid })));
    for (const u of found.users) emails.set(u.uid, u.email ?? null);
  }
  return emails;
}

/** The caller's role as the tenant records it now (a token's role claim may be up to an hour old). */
export async function memberRole(deps: Deps, tenantId: string, uid: string): Promise<Role | null> {
  return (await doc(deps.db, 'members', { tenantId, uid }).get()).data()?.role ?? null;
}
