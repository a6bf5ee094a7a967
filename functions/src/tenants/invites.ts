import * as z from 'zod';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { labelled } from '../core/field-labels.js';
import { hasRole } from '../core/roles.js';
import { INVITE_DAYS } from '../core/schemas/invite.js';
import { ROLES, type Role } from '../core/schemas/tenant.js';
import { emailSchema } from '../core/schemas/user.js';
import { addDays, toIso } from '../core/timestamps.js';
import { domainOf, isVerifiedAddress } from '../trust/verified-domains.js';
import { inviteIdOf, isLive } from './invite-state.js';

export const inviteBody = labelled(z.object({ email: emailSchema, role: z.enum(ROLES) }), { email: 'Work email', role: 'Role' });

/** One pending invite (GET /api/members/invites). */
export interface InviteView {
  id: string;
  email: string;
  role: Role;
  invitedBy: string;
  expiresAt: string | null;
}

export interface InviteList {
  invites: InviteView[];
}

/**
 * Promises a role to a work address before its first sign-in: at most the inviter's own role, and
 * only on one of the tenant's verified domains (another company's people are never invited here).
 * Inviting the same address again replaces the invite and restarts its INVITE_DAYS. The role itself
 * is granted by changeRole when that person first signs in (tenants/join-tenant.ts).
 */
export async function createInvite(
  deps: Deps,
  input: { tenantId: string; actor: { uid: string; role: Role }; email: string; role: Role },
): Promise<InviteView> {
  const { tenantId, actor, email, role } = input;
  if (!hasRole(actor.role, role)) throw new AppError('permission_denied', `body.role: you cannot invite someone as ${role}; an ${role === 'owner' ? 'owner' : 'admin'} can`);
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  if (!isVerifiedAddress(tenant, email)) {
    const verified = tenant?.verifiedDomains ?? [];
    throw new AppError('permission_denied', `body.email: ${domainOf(email)} is not one of your verified domains${verified.length ? ` (${verified.join(', ')})` : ''}: only your own colleagues can be invited`);
  }
  const existing = await deps.auth.getUserByEmail(email).catch(() => null);
  if (existing?.customClaims?.tid === tenantId) throw new AppError('conflict', `body.email: ${email} is already a member: change their role in the list of members`);
  const now = deps.now();
  const inviteId = inviteIdOf(email);
  const data = { email, role, invitedBy: actor.uid, createdAt: now, expireAt: addDays(now, INVITE_DAYS) };
  await doc(deps.db, 'invites', { tenantId, inviteId }).set(data);
  return { id: inviteId, email, role, invitedBy: actor.uid, expiresAt: toIso(data.expireAt) };
}

/** Pending invites, newest first; lapsed ones are not shown (TTL deletes them later). */
export async function listInvites(deps: Deps, tenantId: string): Promise<InviteList> {
  const now = deps.now();
  const snap = await col(deps.db, 'invites', { tenantId }).get();
  const invites = snap.docs
    .map((d) => ({ id: d.id, data: d.data() }))
    .filter(({ data }) => isLive(data, now))
    .map(({ id, data }) => ({ id, email: data.email, role: data.role, invitedBy: data.invitedBy, expiresAt: toIso(data.expireAt) }))
    .sort((a, b) => (b.expiresAt ?? '').localeCompare(a.expiresAt ?? ''));
  return { invites };
}

/** Withdraws an invite; a lapsed or redeemed one is simply gone. */
export async function revokeInvite(deps: Deps, tenantId: string, inviteId: string): Promise<{ id: string }> {
  const ref = doc(deps.db, 'invites', { tenantId, inviteId });
  if (!(await ref.get()).exists) throw new AppError('not_found', 'this invite was already used, withdrawn or has expired');
  await ref.delete();
  return { id: inviteId };
}

/** The live invite for this address in this tenant, if any (read on a first sign-in). */
export async function liveInviteFor(deps: Deps, tenantId: string, email: string): Promise<{ inviteId: string; role: Role } | null> {
  const inviteId = inviteIdOf(email);
  const invite = (await doc(deps.db, 'invites', { tenantId, inviteId }).get()).data();
  return invite && isLive(invite, deps.now()) ? { inviteId, role: invite.role } : null;
}
