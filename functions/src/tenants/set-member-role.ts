import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { hasRole } from '../core/roles.js';
import type { Role } from '../core/schemas/tenant.js';
import { isVerifiedAddress } from '../trust/verified-domains.js';

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

/** Grants a role in the caller's tenant, keeping claims and the members mirror in step. */
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
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  const domain = account.email?.split('@')[1];
  const inTenant = claims.tid === tenantId;
  // Someone of another tenant is invisible here; a newcomer must be on one of the tenant's domains.
  if (claims.tid && !inTenant) throw new AppError('not_found', 'account not found');
  if (!inTenant && (!domain || !isVerifiedAddress(tenant, account.email) || !account.emailVerified)) throw new AppError('not_found', 'account not found');
  const current = inTenant ? (claims.role as Role) : null;
  if (current && !hasRole(actor.role, current)) throw new AppError('permission_denied', `you cannot change the role of a ${current}`);

  const ref = doc(deps.db, 'members', { tenantId, uid });
  await deps.db.runTransaction(async (tx) => {
    if (current === 'owner' && role !== 'owner') {
      const owners = await tx.get(col(deps.db, 'members', { tenantId }).where('role', '==', 'owner').limit(2));
      if (owners.size < 2) throw new AppError('failed_precondition', 'a tenant keeps at least one owner');
    }
    if (role) tx.set(ref, { role, grantedBy: actor.uid, grantedAt: deps.now() });
    else tx.delete(ref);
  });
  await deps.auth.setCustomUserClaims(uid, role ? { ...claims, tid: tenantId, role } : withoutTenant(claims));
  // Existing ID tokens keep the old role until they expire (1 h): revoke them so it applies now.
  await deps.auth.revokeRefreshTokens(uid);
  return { uid, role };
}

function withoutTenant(claims: Record<string, unknown>): Record<string, unknown> {
  const { tid: _tid, role: _role, ...rest } = claims;
  return rest;
}

/** The tenant's members with their emails, read from Auth in batches (no emails stored here). */
export async function listMembers(deps: Deps, tenantId: string): Promise<MemberList> {
  const members = await col(deps.db, 'members', { tenantId }).orderBy('role').get();
  const uids = members.docs.map((d) => d.id);
  const emails = new Map<string, string | null>();
  for (let i = 0; i < uids.length; i += 100) {
    const found = await deps.auth.getUsers(uids.slice(i, i + 100).map((uid) => ({ uid })));
    for (const u of found.users) emails.set(u.uid, u.email ?? null);
  }
  return {
    members: members.docs.map((d) => ({ uid: d.id, email: emails.get(d.id) ?? null, role: d.data().role, grantedBy: d.data().grantedBy })),
  };
}

/** Used where claims are first set (onboarding, join): the mirror follows. */
export async function recordMember(deps: Deps, tenantId: string, uid: string, role: Role, grantedBy: string): Promise<void> {
  await doc(deps.db, 'members', { tenantId, uid }).set({ role, grantedBy, grantedAt: deps.now() });
}

/** The caller's role as the tenant records it now (a token's role claim may be up to an hour old). */
export async function memberRole(deps: Deps, tenantId: string, uid: string): Promise<Role | null> {
  return (await doc(deps.db, 'members', { tenantId, uid }).get()).data()?.role ?? null;
}
