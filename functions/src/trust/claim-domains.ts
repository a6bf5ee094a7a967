import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { isFreeMailDomain, tenantsVerifying } from './verified-domains.js';

export const MAX_DOMAINS = 20;

export interface Proof {
  /** How the customer proved it: stored in the audit entry. */
  method: 'dns_txt' | 'google_admin' | 'microsoft_consent' | 'microsoft_admin';
  domains: string[];
  googleCustomerId?: string;
  entraTenantId?: string;
}

export interface ClaimResult {
  verifiedDomains: string[];
  /** Domains the identity provider listed that Herald did not take, and why. */
  refused: { domain: string; reason: 'free_mail' | 'other_tenant' | 'other_region' | 'limit' }[];
  googleCustomerId: string | null;
  entraTenantId: string | null;
}

/**
 * Binds what a proof established to the tenant: its verified domains and the Google customer /
 * Entra tenant, never typed in. A domain is taken only when no other tenant holds it, in this
 * region or the other one (its public locator is asked first; if it cannot answer, nothing is
 * bound). A Google customer or Entra tenant binds to one Herald tenant only, and a tenant's binding
 * never silently changes to another customer. `strict`: refuse with an error instead of skipping
 * (a DNS proof names one domain the admin asked for).
 */
export async function claimProof(deps: Deps, tenantId: string, proof: Proof, options: { strict: boolean }): Promise<ClaimResult> {
  const refused: ClaimResult['refused'] = [];
  const wanted: string[] = [];
  for (const domain of [...new Set(proof.domains.map((d) => d.toLowerCase()))]) {
    if (isFreeMailDomain(domain)) {
      if (options.strict) throw new AppError('invalid_argument', `body.domain: ${domain} is a free-mail provider's domain; a company proves a domain of its own`);
      refused.push({ domain, reason: 'free_mail' });
    } else wanted.push(domain);
  }
  // The other region first (outside the transaction: a network call), then this region atomically.
  const free: string[] = [];
  for (const domain of wanted) {
    if (await peerHolds(deps, domain)) {
      if (options.strict) throw new AppError('conflict', `body.domain: ${domain} belongs to a tenant in the other region`);
      refused.push({ domain, reason: 'other_region' });
    } else free.push(domain);
  }

  const tenants = col(deps.db, 'tenants', {});
  const ref = doc(deps.db, 'tenants', { tenantId });
  return deps.db.runTransaction(async (tx) => {
    const tenant = (await tx.get(ref)).data();
    if (!tenant) throw new AppError('not_found', 'your tenant does not exist in this region');
    const bindings = [
      ['googleCustomerId', proof.googleCustomerId, 'Google Workspace customer'],
      ['entraTenantId', proof.entraTenantId, 'Microsoft Entra tenant'],
    ] as const;
    for (const [field, value, label] of bindings) {
      if (!value) continue;
      const current = tenant[field];
      if (current && current !== value) throw new AppError('conflict', `this tenant is already bound to another ${label}; contact support to move it`);
      const holders = await tx.get(tenants.where(field, '==', value).limit(2));
      if (holders.docs.some((d) => d.id !== tenantId)) throw new AppError('conflict', `this ${label} is already connected to another Herald tenant`);
    }
    const verified = new Set(tenant.verifiedDomains ?? []);
    for (const domain of free) {
      if (verified.has(domain)) continue;
      const holders = await tx.get(tenantsVerifying(deps.db, domain).limit(2));
      if (holders.docs.some((d) => d.id !== tenantId)) {
        if (options.strict) throw new AppError('conflict', `body.domain: ${domain} is verified by another tenant`);
        refused.push({ domain, reason: 'other_tenant' });
        continue;
      }
      if (verified.size >= MAX_DOMAINS) {
        if (options.strict) throw new AppError('failed_precondition', `body.domain: a tenant verifies at most ${MAX_DOMAINS} domains`);
        refused.push({ domain, reason: 'limit' });
        continue;
      }
      verified.add(domain);
    }
    const verifiedDomains = [...verified].sort();
    const domains = [...new Set([...tenant.domains, ...verifiedDomains])].slice(0, MAX_DOMAINS);
    const googleCustomerId = proof.googleCustomerId ?? tenant.googleCustomerId ?? null;
    const entraTenantId = proof.entraTenantId ?? tenant.entraTenantId ?? null;
    tx.update(ref, { verifiedDomains, domains, googleCustomerId, entraTenantId, updatedAt: deps.now() });
    return { verifiedDomains, refused, googleCustomerId, entraTenantId };
  });
}

/**
 * Whether the other region's public locator knows the domain. Unreachable or odd answers stop the
 * claim: binding a domain the other region holds would split a company across regions.
 */
export async function peerHolds(deps: Deps, domain: string): Promise<boolean> {
  const locator = deps.config.peerLocatorUrl;
  if (!locator) return false;
  const url = new URL(locator);
  url.searchParams.set('domain', domain);
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { accept: 'application/json' } });
  } catch {
    throw new AppError('unavailable', "the other region's locator did not answer; try again in a minute");
  }
  await res.body?.cancel();
  if (res.status === 404) return false;
  if (res.ok) return true;
  throw new AppError('unavailable', `the other region's locator answered ${res.status}; try again in a minute`);
}
