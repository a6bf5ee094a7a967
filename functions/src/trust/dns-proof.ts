import { createHash } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';

export const TXT_PREFIX = 'herald-domain-verification=';

/**
 * The TXT value that proves `domain` for this tenant: derived from the project, the tenant and the
 * domain, so it is stable (nothing stored), differs per tenant (one tenant's record never proves
 * another's claim) and says nothing about the tenant to whoever reads the DNS.
 */
/** The DNS record that proves a domain: published on it, then checked by POST /api/tenant/domains/verify. */
export interface TxtRecord {
  name: string;
  type: 'TXT';
  value: string;
}

export function txtRecordFor(deps: Deps, tenantId: string, domain: string): TxtRecord {
  const digest = createHash('sha256').update(`herald-domain:${deps.config.projectId}:${tenantId}:${domain}`).digest('base64url').slice(0, 32);
  return { name: domain, type: 'TXT', value: `${TXT_PREFIX}${digest}` };
}

/**
 * Whether the domain publishes this tenant's TXT record (node:dns, the system's resolvers in
 * production). A domain without TXT records simply does not prove; a resolver failure is an
 * outage, not a refusal, and binds nothing.
 */
export async function hasTxtRecord(deps: Deps, domain: string, value: string): Promise<boolean> {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  if (deps.config.dnsServers) resolver.setServers(deps.config.dnsServers);
  let records: string[][];
  try {
    records = await resolver.resolveTxt(domain);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA' || code === 'NXDOMAIN') return false;
    throw new AppError('unavailable', `DNS did not answer for ${domain} (${code ?? 'error'}); try again in a minute`);
  }
  // A long TXT record arrives in 255-byte chunks: join them, as resolvers document.
  return records.some((chunks) => chunks.join('').trim() === value);
}
