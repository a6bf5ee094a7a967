import * as z from 'zod';
import { writeAudit } from '../audit/write-audit.js';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { verifiedEmailOf, type Caller } from '../http/caller.js';
import { peerHolds } from '../trust/claim-domains.js';
import { domainOf, isFreeMailDomain, tenantsVerifying } from '../trust/verified-domains.js';
import { AppError } from '../core/errors.js';
import { domainSchema, tenantSettingsSchema } from '../core/schemas/tenant.js';
import { changeRole } from './member-roles.js';
import { ownerEmails } from './set-member-role.js';
import { labelled } from '../core/field-labels.js';

export const onboardBody = z.object({
  companyName: z.string().trim().min(1, 'is required').max(120),
  domain: domainSchema,
});
labelled(onboardBody, { companyName: 'Company name', domain: 'Company email domain' });

/**
 * Creates a tenant in this project's region with the caller as its first owner. A verified
 * mailbox on the domain is enough to start, not to own it: the domain stays unverified (Herald acts
 * on nothing of it, it is not located, nobody joins through it) until the owner proves it with a
 * DNS TXT record, the Google Workspace admin's sign-in or Microsoft admin consent. Free-mail domains
 * are refused, and a domain some tenant verified, in this region or the other, cannot be started on.
 *
 * Onboarding only ever creates: it grants no role on a tenant that exists (`changeRole` refuses
 * it), whoever created that tenant. Someone of a company that is already on Herald is told to ask
 * its owners; an account that already belongs to a tenant is refused.
 */
export async function onboardTenant(deps: Deps, caller: Caller, body: z.output<typeof onboardBody>): Promise<{ tenantId: string; region: string; role: 'owner'; verifiedDomains: string[] }> {
  // (A token may predate the account's claims, e.g. a repeated onboarding: changeRole checks them too.)
  if (caller.tenantId) throw new AppError('conflict', 'this account already belongs to a tenant');
  const email = verifiedEmailOf(caller);
  if (domainOf(email) !== body.domain) throw new AppError('permission_denied', `body.domain: your email is not on ${body.domain}`);
  if (isFreeMailDomain(body.domain)) throw new AppError('invalid_argument', `body.domain: ${body.domain} is a free-mail provider's domain; sign in with your company account`);

  const tenants = col(deps.db, 'tenants', {});
  const holder = (await tenantsVerifying(deps.db, body.domain).limit(1).get()).docs[0];
  if (holder) throw await askTheOwners(deps, holder.id, body.domain);
  if (await peerHolds(deps, body.domain)) throw new AppError('conflict', `body.domain: ${body.domain} already has a tenant in the other region`);

  const tenantId = tenants.doc().id;
  const now = deps.now();
  await changeRole(deps, {
    tenantId,
    actor: { uid: caller.uid, role: 'owner' },
    uid: caller.uid,
    to: 'owner',
    via: 'onboarding',
    newTenant: {
      data: {
        name: body.companyName,
        region: deps.config.region,
        status: 'active',
        domains: [body.domain],
        verifiedDomains: [],
        googleCustomerId: null,
        entraTenantId: null,
        directorySource: 'csv',
        settings: tenantSettingsSchema.parse({}),
        createdAt: now,
        updatedAt: now,
      },
      // A tenant that verified the domain meanwhile wins: nothing is created.
      check: async (tx) => {
        const verified = await tx.get(tenantsVerifying(deps.db, body.domain).limit(1));
        if (!verified.empty) throw new AppError('conflict', `body.domain: ${body.domain} already has a tenant`);
      },
    },
  });
  await writeAudit(deps, { tenantId, actor: { uid: caller.uid, role: 'owner' }, action: 'tenant.create', target: { type: 'tenant', id: tenantId } });
  return { tenantId, region: deps.config.region, role: 'owner', verifiedDomains: [] };
}

/** The 409 for someone whose company is already on Herald: its owners give roles, not onboarding. */
async function askTheOwners(deps: Deps, tenantId: string, domain: string): Promise<AppError> {
  const owners = await ownerEmails(deps, tenantId);
  const whom = owners.length ? `one of its owners (${owners.join(', ')})` : 'one of its owners';
  return new AppError('conflict', `body.domain: ${domain} is already set up on Herald. Ask ${whom} to give you access.`);
}
