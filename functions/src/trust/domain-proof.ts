import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { claimProof, MAX_DOMAINS, type ClaimResult } from './claim-domains.js';
import { hasTxtRecord, txtRecordFor, type TxtRecord } from './dns-proof.js';
import { isFreeMailDomain } from './verified-domains.js';

/** One of the tenant's domains; an unverified one comes with the TXT record that would verify it. */
export interface DomainView {
  domain: string;
  verified: boolean;
  txtRecord: TxtRecord | null;
}

/** GET /api/tenant/domains: the domains, and the Google customer / Entra tenant bound by a proof. */
export interface TenantDomains {
  domains: DomainView[];
  googleCustomerId: string | null;
  entraTenantId: string | null;
}

/** The tenant's domains, which are proven, and for the others the TXT record that would prove them. */
export async function listDomains(deps: Deps, tenantId: string): Promise<TenantDomains> {
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  if (!tenant) throw new AppError('not_found', 'your tenant does not exist in this region');
  const verified = new Set(tenant.verifiedDomains ?? []);
  return {
    domains: tenant.domains.map((domain) => ({ domain, verified: verified.has(domain), txtRecord: verified.has(domain) ? null : txtRecordFor(deps, tenantId, domain) })),
    googleCustomerId: tenant.googleCustomerId ?? null,
    entraTenantId: tenant.entraTenantId ?? null,
  };
}

/** Adds a domain to prove (unverified until its TXT record is found); answers the record to publish. */
export async function addDomain(deps: Deps, tenantId: string, domain: string): Promise<DomainView> {
  if (isFreeMailDomain(domain)) throw new AppError('invalid_argument', `body.domain: ${domain} is a free-mail provider's domain; a company proves a domain of its own`);
  const ref = doc(deps.db, 'tenants', { tenantId });
  await deps.db.runTransaction(async (tx) => {
    const tenant = (await tx.get(ref)).data();
    if (!tenant) throw new AppError('not_found', 'your tenant does not exist in this region');
    if (tenant.domains.includes(domain)) return;
    if (tenant.domains.length >= MAX_DOMAINS) throw new AppError('failed_precondition', `body.domain: a tenant has at most ${MAX_DOMAINS} domains`);
    tx.update(ref, { domains: [...tenant.domains, domain], updatedAt: deps.now() });
  });
  return { domain, verified: false, txtRecord: txtRecordFor(deps, tenantId, domain) };
}

/** DNS proof: the domain publishes this tenant's TXT record. */
export async function verifyDomainByDns(deps: Deps, tenantId: string, domain: string): Promise<ClaimResult> {
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  if (!tenant?.domains.includes(domain)) throw new AppError('not_found', `body.domain: add ${domain} to your domains first, then verify it.`, { fix: 'add_domain' });
  const record = txtRecordFor(deps, tenantId, domain);
  if (!(await hasTxtRecord(deps, domain, record.value))) {
    throw new AppError('failed_precondition', `body.domain: no TXT record "${record.value}" found on ${domain} yet; publish it and try again (DNS changes can take an hour)`);
  }
  const result = await claimProof(deps, tenantId, { method: 'dns_txt', domains: [domain] }, { strict: true });
  return result;
}
