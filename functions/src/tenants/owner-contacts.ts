import type { UserRecord } from 'firebase-admin/auth';
import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';

/** One owner of the tenant, as a colleague who must ask them sees them (GET /api/tenant/owners). */
export interface OwnerContact {
  name: string | null;
  email: string | null;
}

export interface OwnerContacts {
  owners: OwnerContact[];
}

/**
 * Who the tenant's owners are, by name: what an admin needs to ask for an owner-only step (the
 * domain proof, connecting Google Workspace or Microsoft 365). The name is the account's own
 * display name, else the directory's first and last name for that address; at most `limit` owners.
 */
export async function ownerContacts(deps: Deps, tenantId: string, limit = 5): Promise<OwnerContacts> {
  const contacts = await Promise.all(
    (await ownerAccounts(deps, tenantId, limit)).map(async (u): Promise<OwnerContact> => ({ email: u.email ?? null, name: u.displayName?.trim() || (u.email ? await directoryName(deps, tenantId, u.email) : null) })),
  );
  return { owners: contacts.sort((a, b) => (a.name ?? a.email ?? '').localeCompare(b.name ?? b.email ?? '')) };
}

/** The Auth accounts of the tenant's owners (members with role `owner`), at most `limit`: one members query, one Auth lookup. */
export async function ownerAccounts(deps: Deps, tenantId: string, limit: number): Promise<UserRecord[]> {
  const owners = await col(deps.db, 'members', { tenantId }).where('role', '==', 'owner').limit(limit).select().get();
  if (owners.empty) return [];
  return (await deps.auth.getUsers(owners.docs.map((d) => ({ uid: d.id })))).users;
}

async function directoryName(deps: Deps, tenantId: string, email: string): Promise<string | null> {
  const hit = (await col(deps.db, 'users', { tenantId }).where('email', '==', email.toLowerCase()).limit(1).get()).docs[0]?.data();
  const name = hit ? `${hit.firstName ?? ''} ${hit.lastName ?? ''}`.trim() : '';
  return name || null;
}
