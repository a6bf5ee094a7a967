import { z } from 'zod';
import { writeAudit } from '../audit/write-audit.js';
import { col } from '../catalog.js';
import type { Deps } from '../deps.js';
import type { Caller } from '../http/caller.js';
import { AppError } from '../http/errors.js';
import { domainSchema, tenantSettingsSchema } from './schema.js';
import { recordMember } from './set-member-role.js';

export const onboardBody = z.object({
  companyName: z.string().trim().min(1, 'is required').max(120),
  domain: domainSchema,
});

/**
 * Creates a tenant in this project's region with the caller as its first owner. The caller proves
 * the domain with a verified email on it (in production: their Google or Microsoft sign-in).
 * Safe to repeat: a second call by the same owner only re-applies the claims.
 */
export async function onboardTenant(deps: Deps, caller: Caller, body: z.output<typeof onboardBody>): Promise<{ tenantId: string; region: string; role: 'owner' }> {
  if (caller.tenantId) throw new AppError('conflict', 'this account already belongs to a tenant');
  if (!caller.email || !caller.emailVerified) throw new AppError('permission_denied', 'a verified email address is required to create a tenant');
  if (caller.email.split('@')[1] !== body.domain) throw new AppError('permission_denied', `body.domain: your email is not on ${body.domain}`);

  const tenants = col(deps.db, 'tenants', {});
  const tenantId = await deps.db.runTransaction(async (tx) => {
    const existing = await tx.get(tenants.where('domains', 'array-contains', body.domain).limit(1));
    const found = existing.docs[0];
    if (found) {
      if (found.get('ownerUid') === caller.uid) return found.id;
      throw new AppError('conflict', `body.domain: ${body.domain} already has a tenant`);
    }
    const ref = tenants.doc();
    const now = deps.now();
    tx.set(ref, {
      name: body.companyName,
      region: deps.config.region,
      status: 'active',
      domains: [body.domain],
      directorySource: 'csv',
      settings: tenantSettingsSchema.parse({}),
      ownerUid: caller.uid,
      createdAt: now,
      updatedAt: now,
    });
    return ref.id;
  });
  await deps.auth.setCustomUserClaims(caller.uid, { tid: tenantId, role: 'owner' });
  await recordMember(deps, tenantId, caller.uid, 'owner', caller.uid);
  await writeAudit(deps, { tenantId, actor: { uid: caller.uid, role: 'owner' }, action: 'tenant.create', target: { type: 'tenant', id: tenantId } });
  return { tenantId, region: deps.config.region, role: 'owner' };
}
