import { z } from 'zod';
import { writeAudit } from '../audit/write-audit.js';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { verifiedEmailOf, type Caller } from '../http/caller.js';
import { peerHolds } from '../trust/claim-domains.js';
import { domainOf, isFreeMailDomain, tenantsVerifying } from '../trust/verified-domains.js';
import { AppError } from '../core/errors.js';
import { domainSchema, tenantSettingsSchema } from '../core/schemas/tenant.js';
import { recordMember } from './set-member-role.js';

export const onboardBody = z.object({
  companyName: z.string().trim().min(1, 'is required').max(120),
  domain: domainSchema,
});

/**
 * Creates a tenant in this project's region with the caller as its first owner. A verified
 * mailbox on the domain is enough to start, not to own it: the domain stays unverified (Herald acts
 * on nothing of it, it is not located, nobody joins through it) until the owner proves it with a
 * DNS TXT record, the Google Workspace admin's sign-in or Microsoft admin consent. Free-mail domains
 * are refused, and a domain some tenant verified, in this region or the other, cannot be started on.
 * Safe to repeat: a second call by the same owner only re-applies the claims.
 */
export async function onboardTenant(deps: Deps, caller: Caller, body: z.output<typeof onboardBody>): Promise<{ tenantId: string; region: string; role: 'owner'; verifiedDomains: string[] }> {
  if (caller.tenantId) throw new AppError('conflict', 'this account already belongs to a tenant');
  const email = verifiedEmailOf(caller);
  if (domainOf(email) !== body.domain) throw new AppError('permission_denied', `body.domain: your email is not on ${body.domain}`);
  if (isFreeMailDomain(body.domain)) throw new AppError('invalid_argument', `body.domain: ${body.domain} is a free-mail provider's domain; sign in with your company account`);

  const tenants = col(deps.db, 'tenants', {});
  const mine = async () => (await tenants.where('ownerUid', '==', caller.uid).get()).docs.find((d) => d.data().domains.includes(body.domain));
  const again = await mine();
  if (!again && (await peerHolds(deps, body.domain))) throw new AppError('conflict', `body.domain: ${body.domain} already has a tenant in the other region`);
  const tenantId = again?.id ?? (await deps.db.runTransaction(async (tx) => {
    const verified = await tx.get(tenantsVerifying(deps.db, body.domain).limit(1));
    if (!verified.empty) throw new AppError('conflict', `body.domain: ${body.domain} already has a tenant`);
    const ref = tenants.doc();
    const now = deps.now();
    tx.set(ref, {
      name: body.companyName,
      region: deps.config.region,
      status: 'active',
      domains: [body.domain],
      verifiedDomains: [],
      googleCustomerId: null,
      entraTenantId: null,
      directorySource: 'csv',
      settings: tenantSettingsSchema.parse({}),
      ownerUid: caller.uid,
      createdAt: now,
      updatedAt: now,
    });
    return ref.id;
  }));
  await deps.auth.setCustomUserClaims(caller.uid, { tid: tenantId, role: 'owner' });
  await recordMember(deps, tenantId, caller.uid, 'owner', caller.uid);
  if (!again) await writeAudit(deps, { tenantId, actor: { uid: caller.uid, role: 'owner' }, action: 'tenant.create', target: { type: 'tenant', id: tenantId } });
  const verifiedDomains = (await doc(deps.db, 'tenants', { tenantId }).get()).data()?.verifiedDomains ?? [];
  return { tenantId, region: deps.config.region, role: 'owner', verifiedDomains };
}
