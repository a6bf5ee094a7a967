import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError, type FieldProblem } from '../core/errors.js';
import { checkDestination, checkImage, type DestinationScope } from './destination-policy.js';
import { verifiedDomainsOf } from './verified-domains.js';

/** The tenant's verified domains and the hosts its admins allowed: where its links may lead. */
export async function destinationScopeOf(deps: Deps, tenantId: string): Promise<DestinationScope> {
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  if (!tenant) throw new AppError('not_found', 'tenant not found');
  return { verifiedDomains: verifiedDomainsOf(tenant), allowedHosts: tenant.allowedDestinationHosts ?? [] };
}

/**
 * Refuses (400, each field named) a link destination or banner image the link host would not
 * redirect to. Each map takes the field's name in the request (`body.banner.destinationUrl`) to
 * the URL sent; null or undefined (not sent, or cleared) passes.
 */
export async function assertLinkTargets(
  deps: Deps,
  tenantId: string,
  targets: { pages?: Record<string, string | null | undefined>; images?: Record<string, string | null | undefined> },
): Promise<void> {
  const sent = (m: Record<string, string | null | undefined> = {}) => Object.entries(m).filter((e): e is [string, string] => typeof e[1] === 'string');
  const pages = sent(targets.pages);
  const images = sent(targets.images);
  if (!pages.length && !images.length) return;
  const scope = await destinationScopeOf(deps, tenantId);
  const ownOrigin = new URL(deps.config.linkBaseUrl).origin;
  const problems: FieldProblem[] = [];
  for (const [field, url] of pages) {
    const checked = checkDestination(url, scope);
    if (!checked.ok) problems.push({ field, message: checked.problem });
  }
  for (const [field, url] of images) {
    const checked = checkImage(url, scope, ownOrigin);
    if (!checked.ok) problems.push({ field, message: checked.problem });
  }
  if (problems.length) throw new AppError('invalid_argument', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { fields: problems });
}
