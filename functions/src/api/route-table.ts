import { addinRoutes } from '../addins/addin-routes.js';
import { alertRoutes } from '../alerts/alert-routes.js';
import { auditRoutes } from '../audit/audit-routes.js';
import { campaignRoutes } from '../campaigns/campaign-routes.js';
import { complianceRoutes } from '../compliance/compliance-routes.js';
import { AppError } from '../core/errors.js';
import { directoryGroupRoutes, directorySearchRoutes, directoryUserRoutes, profileRoutes, sharedMailboxRoutes } from '../directory/directory-routes.js';
import { directorySyncRoutes } from '../directory/directory-sync-routes.js';
import { dsrRoutes } from '../dsr/dsr-routes.js';
import { addonRoutes } from '../gmail-addon/addon-routes.js';
import type { RouteDef } from '../http/route.js';
import { imageRoutes } from '../images/image-routes.js';
import { operatorAccessRoutes, operatorRoutes } from '../operator/operator-routes.js';
import { incidentRoutes } from '../incidents/incident-routes.js';
import { jobRoutes } from '../jobs/job-routes.js';
import { erasureRoutes } from '../privacy/erasure-routes.js';
import { exportRoutes, privacyControlRoutes } from '../privacy/privacy-routes.js';
import { signatureRoutes } from '../signatures/signature-routes.js';
import { templatePreviewRoutes, templateRoutes } from '../signatures/template-routes.js';
import { tenantRoutes } from '../tenants/tenant-routes.js';
import { trackingRoutes } from '../tracking/tracking-routes.js';
import { destinationRoutes } from '../trust/destination-routes.js';
import { trustRoutes } from '../trust/trust-routes.js';

/**
 * The route table: the one list of API routes, joined from the lists each area keeps next to its
 * handlers. The express app, the isolation and role tests and the README's route list are all
 * generated from it, in this order.
 */
export const routes: RouteDef<any, any, any, any>[] = [
  ...tenantRoutes,
  ...directoryUserRoutes,
  ...jobRoutes,
  ...profileRoutes,
  ...directorySyncRoutes,
  ...templateRoutes,
  ...signatureRoutes,
  ...campaignRoutes,
  ...trackingRoutes,
  ...addonRoutes,
  ...trustRoutes,
  ...destinationRoutes,
  ...directorySearchRoutes,
  ...templatePreviewRoutes,
  ...addinRoutes,
  ...erasureRoutes,
  ...exportRoutes,
  ...auditRoutes,
  ...privacyControlRoutes,
  ...directoryGroupRoutes,
  ...imageRoutes,
  ...operatorAccessRoutes,
  ...operatorRoutes,
  ...dsrRoutes,
  ...complianceRoutes(() => routes),
  ...alertRoutes,
  ...incidentRoutes,
  ...sharedMailboxRoutes,
];

/**
 * Fails fast at start-up on a duplicate route, a staff mutation without an audit entry (or an
 * explicit `audit: { none: reason }` for a POST that changes nothing), or a bad path.
 */
export function assertRouteTable(table: RouteDef<any, any, any, any>[]): void {
  const seen = new Set<string>();
  for (const r of table) {
    const key = `${r.method.toUpperCase()} ${r.path}`;
    if (seen.has(key)) throw new AppError('internal', `duplicate route ${key}`);
    seen.add(key);
    if (!r.path.startsWith('/')) throw new AppError('internal', `route ${key} must start with /`);
    const staff = r.access !== 'public' && r.access !== 'signed_in' && r.access !== 'user';
    // An operator route reads a tenant iff it names one (`:tenantId`) and declares the area its approval must cover.
    if ((r.access === 'operator' && r.path.includes('/:tenantId')) !== (r.operatorArea !== undefined)) throw new AppError('internal', `route ${key}: an operator route that names a tenant declares its operatorArea, and only such a route does`);
    if (staff && r.method !== 'get' && !r.audit && !r.operatorArea) throw new AppError('internal', `route ${key} changes data but declares no audit entry`);
    if (r.audit && 'none' in r.audit && r.audit.none.trim().length < 10) throw new AppError('internal', `route ${key} declares no audit entry without saying why`);
  }
}
