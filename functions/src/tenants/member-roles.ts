import type { Transaction } from 'firebase-admin/firestore';
import { writeAuditIn } from '../audit/write-audit.js';
import { watchAudit } from '../alerts/watch.js';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { isRole, ROLE_RANK } from '../core/roles.js';
import { isLive } from './invite-state.js';
import type { Role, TenantDoc } from '../core/schemas/tenant.js';
import { OPERATOR_CLAIM } from '../http/caller.js';

/** How a role change came about. Each path has its rule, enforced by `changeRole`, not by the caller. */
export type RoleChangeVia = 'onboarding' | 'join' | 'members' | 'invite';

/** The audit action of every role change; its meta holds `from`, `to` (a role or `none`) and `via`. */
export const ROLE_CHANGE_ACTION = 'members.role_change' as const;

export interface RoleChange {
  tenantId: string;
  /** Who changes the role, and the role they act with. */
  actor: { uid: string; role: Role | 'system' };
  /** Whose role changes. */
  uid: string;
  /** The role after the change; null takes the account out of the tenant. */
  to: Role | null;
  via: RoleChangeVia;
  /** The path's own policy, given the role the account holds now (read in the transaction); throws to refuse. */
  allow?: (from: Role | null) => void;
  /**
   * Onboarding only: the tenant created in the same transaction, which must not exist yet. `check`
   * runs first in the transaction (its reads) and throws to refuse.
   */
  newTenant?: { data: TenantDoc; check: (tx: Transaction) => Promise<void> };
  /** Invite only: the invite (tenants/{t}/invites/{inviteId}) this first sign-in redeems; deleted with the change. */
  invite?: { inviteId: string };
}

export interface RoleChanged {
  uid: string;
  from: Role | null;
  to: Role | null;
}

/**
 * The one way a role changes. Roles live in tenants/{t}/members/{uid} and nowhere else; this
 * function is the only writer of that record and of the `tid`/`role` custom claims (a unit test
 * refuses any other), so every change, by any path, is checked and audited the same way.
 *
 * In one Firestore transaction: the tenant, the account's current role (members/{uid}) and, when an
 * owner leaves, the other owners are read; the record and the audit entry (actor, account, from,
 * to, via) are written together. Then the claims follow (a hint for the client: access is decided
 * by the record), and a demotion or removal revokes the account's refresh tokens.
 *
 * The rules, whatever the caller:
 * - `onboarding` grants `owner` on the tenant this very transaction creates, never on one that exists;
 * - `join` grants `user` to an account that holds no role in the tenant, and changes no role;
 * - `members` changes what the actor's policy (`allow`) permits;
 * - `invite` grants the role of an unexpired invite to the account whose verified address it names,
 *   which holds no role in the tenant yet, and deletes the invite in the same transaction;
 * - an account belongs to one tenant at most; the tenant must be active and keep at least one owner.
 * Setting the role an account already holds writes nothing and re-applies the claims.
 */
export async function changeRole(deps: Deps, change: RoleChange): Promise<RoleChanged> {
  const { tenantId, uid, to, via, newTenant } = change;
  if ((via === 'onboarding') !== Boolean(newTenant) || (via === 'onboarding' && to !== 'owner')) {
    throw new AppError('internal', 'onboarding grants owner on the tenant it creates, and only onboarding creates one');
  }
  if (via === 'join' && to !== 'user') throw new AppError('internal', 'joining grants the user role only');
  if ((via === 'invite') !== Boolean(change.invite) || (via === 'invite' && !to)) throw new AppError('internal', 'an invite grants its role, and only an invite is redeemed');

  // An account belongs to one tenant: its claims name it (kept by this function only).
  const account = await deps.auth.getUser(uid);
  const claims = account.customClaims ?? {};
  if (to && typeof claims.tid === 'string' && claims.tid !== '' && claims.tid !== tenantId) throw new AppError('conflict', 'this account already belongs to a tenant');
  // Herald's operators belong to no tenant (http/caller.ts): they are let in by an owner's approval, never by a role.
  if (to && claims[OPERATOR_CLAIM] === true) throw new AppError('conflict', 'this is a Herald operator’s account: Herald’s staff see your data only through access your owners approve, never as members');

  const tenantRef = doc(deps.db, 'tenants', { tenantId });
  const memberRef = doc(deps.db, 'members', { tenantId, uid });
  let auditId: string | null = null;
  const from = await deps.db.runTransaction(async (tx) => {
    auditId = null;
    if (newTenant) await newTenant.check(tx);
    const [tenantSnap, memberSnap] = await Promise.all([tx.get(tenantRef), tx.get(memberRef)]);
    let tenant: TenantDoc;
    if (newTenant) {
      if (tenantSnap.exists) throw new AppError('conflict', 'this tenant already exists');
      tenant = newTenant.data;
    } else {
      const data = tenantSnap.data();
      if (!data) throw new AppError('not_found', 'this tenant does not exist in this region');
      if (data.status === 'deleting') throw new AppError('gone', 'this tenant is being deleted');
      tenant = data;
    }
    const held: unknown = memberSnap.get('role');
    const current = memberSnap.exists && isRole(held) ? held : null;
    if (via === 'join' && current && current !== to) throw new AppError('conflict', 'this account already belongs to a tenant');
    // An invited role is granted by whoever invited (recorded as such); the account redeems it.
    let grantedBy = change.actor.uid;
    if (change.invite) {
      const inviteRef = doc(deps.db, 'invites', { tenantId, inviteId: change.invite.inviteId });
      const invite = (await tx.get(inviteRef)).data();
      const forThisAccount = invite && account.emailVerified && account.email?.toLowerCase() === invite.email && invite.role === to;
      if (!forThisAccount || !isLive(invite, deps.now())) throw new AppError('not_found', 'this invite does not exist or has expired');
      if (current) throw new AppError('conflict', 'this account already belongs to the tenant');
      tx.delete(inviteRef);
      grantedBy = invite.invitedBy;
    }
    change.allow?.(current);
    if (current === to) return current;
    if (current === 'owner') {
      const owners = await tx.get(col(deps.db, 'members', { tenantId }).where('role', '==', 'owner').limit(2));
      if (owners.size < 2) throw new AppError('failed_precondition', 'a tenant keeps at least one owner');
    }

    if (newTenant) tx.set(tenantRef, tenant);
    if (to) tx.set(memberRef, { role: to, grantedBy, grantedAt: deps.now() });
    else tx.delete(memberRef);
    auditId = writeAuditIn(tx, deps, tenant, {
      tenantId,
      actor: change.actor,
      action: ROLE_CHANGE_ACTION,
      target: { type: 'account', id: uid },
      meta: { from: current ?? 'none', to: to ?? 'none', via, ...(change.invite ? { invitedBy: grantedBy } : {}) },
    });
    return current;
  });

  if (auditId) await watchAudit(deps, tenantId, auditId, ROLE_CHANGE_ACTION);
  await applyClaims(deps, tenantId, uid, to, claims);
  // An ID token keeps its claims for up to an hour: revoke them when power is taken away.
  if (from && from !== to && (!to || ROLE_RANK[to] < ROLE_RANK[from])) await deps.auth.revokeRefreshTokens(uid);
  return { uid, from, to };
}

/** The custom claims follow the record: `tid` + `role` while a member, neither once out of this tenant. */
async function applyClaims(deps: Deps, tenantId: string, uid: string, to: Role | null, claims: Record<string, unknown>): Promise<void> {
  if (to) {
    await deps.auth.setCustomUserClaims(uid, { ...claims, tid: tenantId, role: to });
  } else if (claims.tid === tenantId) {
    const { tid: _tid, role: _role, ...rest } = claims;
    await deps.auth.setCustomUserClaims(uid, rest);
  }
}
