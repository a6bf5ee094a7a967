import * as z from 'zod';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Region } from '../core/regions.js';
import { domainSchema } from '../core/schemas/tenant.js';
import { tenantsVerifying } from '../trust/verified-domains.js';

export const locateQuery = z.object({ domain: domainSchema });

/** GET /api/locate: the region that holds the domain's tenant (this one, or 404). */
export interface LocateAnswer {
  region: string;
}

/** GET /api/region: this project's region and the other region's locator, for the console's first sign-in. */
export interface RegionView {
  region: Region;
  label: string;
  /** The other region's GET /api/locate; empty when there is none. */
  peerLocatorUrl: string;
}

/**
 * Public: tells the SPA whether this region's project holds the domain's tenant. Says nothing else.
 * Only verified domains are located: an unproven claim (a squat) answers nothing.
 */
export async function locateTenant(deps: Deps, domain: string): Promise<LocateAnswer> {
  const found = await tenantsVerifying(deps.db, domain).limit(1).select('status').get();
  const tenant = found.docs[0];
  if (!tenant || tenant.get('status') !== 'active') throw new AppError('not_found', `no tenant for ${domain} in this region`);
  return { region: deps.config.region };
}
