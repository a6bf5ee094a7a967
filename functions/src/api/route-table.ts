import { AppError } from '../core/errors.js';
import type { RateLimit } from '../http/rate-limit.js';
import type { LazyRoute, RouteDef, RouteHead, TableRoute } from '../http/route.js';
import heads from './route-heads.json' with { type: 'json' };

type Routes = RouteDef<any, any, any, any>[];

/**
 * The route table's lists, in the table's order: each area keeps its routes next to its handlers
 * and is loaded on the first request that reaches one of them, so a cold instance loads routing and
 * the shared checks, not every area's handlers and schemas. The name is the list's export and its
 * key in route-heads.json (what routing reads before the area is loaded: `npm run gen:route-heads`
 * writes it from these lists; test/unit/route-heads.test.ts fails when it is out of step).
 */
export const routeLists: readonly (readonly [name: string, load: () => Promise<Routes>])[] = [
  ['tenantRoutes', async () => (await import('../tenants/tenant-routes.js')).tenantRoutes],
  ['directoryUserRoutes', async () => (await import('../directory/directory-routes.js')).directoryUserRoutes],
  ['jobRoutes', async () => (await import('../jobs/job-routes.js')).jobRoutes],
  ['profileRoutes', async () => (await import('../directory/directory-routes.js')).profileRoutes],
  ['directorySyncRoutes', async () => (await import('../directory/directory-sync-routes.js')).directorySyncRoutes],
  ['templateRoutes', async () => (await import('../signatures/template-routes.js')).templateRoutes],
  ['signatureRoutes', async () => (await import('../signatures/signature-routes.js')).signatureRoutes],
  ['campaignRoutes', async () => (await import('../campaigns/campaign-routes.js')).campaignRoutes],
  ['trackingRoutes', async () => (await import('../tracking/tracking-routes.js')).trackingRoutes],
  ['addonRoutes', async () => (await import('../gmail-addon/addon-routes.js')).addonRoutes],
  ['trustRoutes', async () => (await import('../trust/trust-routes.js')).trustRoutes],
  ['destinationRoutes', async () => (await import('../trust/destination-routes.js')).destinationRoutes],
  ['directorySearchRoutes', async () => (await import('../directory/directory-routes.js')).directorySearchRoutes],
  ['templatePreviewRoutes', async () => (await import('../signatures/template-routes.js')).templatePreviewRoutes],
  ['addinRoutes', async () => (await import('../addins/addin-routes.js')).addinRoutes],
  ['erasureRoutes', async () => (await import('../privacy/erasure-routes.js')).erasureRoutes],
  ['exportRoutes', async () => (await import('../privacy/privacy-routes.js')).exportRoutes],
  ['auditRoutes', async () => (await import('../audit/audit-routes.js')).auditRoutes],
  ['privacyControlRoutes', async () => (await import('../privacy/privacy-routes.js')).privacyControlRoutes],
  ['directoryGroupRoutes', async () => (await import('../directory/directory-routes.js')).directoryGroupRoutes],
  ['imageRoutes', async () => (await import('../images/image-routes.js')).imageRoutes],
  ['operatorAccessRoutes', async () => (await import('../operator/operator-routes.js')).operatorAccessRoutes],
  ['operatorRoutes', async () => (await import('../operator/operator-routes.js')).operatorRoutes],
  ['dsrRoutes', async () => (await import('../dsr/dsr-routes.js')).dsrRoutes],
  ['complianceRoutes', async () => (await import('../compliance/compliance-routes.js')).complianceRoutes(() => routes)],
  ['alertRoutes', async () => (await import('../alerts/alert-routes.js')).alertRoutes],
  ['incidentRoutes', async () => (await import('../incidents/incident-routes.js')).incidentRoutes],
  ['sharedMailboxRoutes', async () => (await import('../directory/directory-routes.js')).sharedMailboxRoutes],
];

type StoredHead = Omit<RouteHead, 'rateLimit'> & { rateLimit?: string };
const stored = heads as unknown as { rateLimits: Record<string, RateLimit>; lists: Record<string, StoredHead[]> };

/**
 * The route table: the one list of API routes, each a head and how to load the rest. The express
 * app, the isolation and role tests and the README's route list are all generated from it, in this
 * order. Routes sharing a rate limit share its one object, as the app counts per limit.
 */
export const routes: LazyRoute[] = routeLists.flatMap(([name, load]) => {
  const list = once(load);
  // A list route-heads.json lacks (a new one, before `npm run gen:route-heads`) fails the heads test.
  return (stored.lists[name] ?? []).map(({ rateLimit, ...head }): LazyRoute => ({
    ...head,
    ...(rateLimit === undefined ? {} : { rateLimit: stored.rateLimits[rateLimit]! }),
    load: once(async () => {
      const def = (await list()).find((r) => r.method === head.method && r.path === head.path);
      if (!def) throw new AppError('internal', `route ${head.method.toUpperCase()} ${head.path} is not in ${name}`);
      return def;
    }),
  }));
});

/** Every route whole, in the table's order (tests and tools that read schemas, examples or handlers). */
export function loadRoutes(table: readonly TableRoute[] = routes): Promise<Routes> {
  return Promise.all(table.map((r) => ('handler' in r ? r : r.load())));
}

/** A load run once; a failed one is tried again by the next caller (a request answered 500 meanwhile). */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
}

/**
 * Fails fast at start-up on a duplicate route, a staff mutation without an audit entry (or an
 * explicit `audit: { none: reason }` for a POST that changes nothing), or a bad path.
 */
export function assertRouteTable(table: readonly RouteHead[]): void {
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
