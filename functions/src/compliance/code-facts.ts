import { RETENTION_SETTING_MAX } from '../core/schemas/tenant.js';
import { AUDIT_ACTIONS, AUDIT_CATEGORIES, actionsOf } from '../core/audit-actions.js';
import { catalog, collectionId, type CatalogEntry, type CollectionName } from '../core/catalog.js';
import { REGIONS } from '../core/regions.js';
import { ROLE_RANK } from '../core/roles.js';
import { OPERATOR_ACCESS_MAX_HOURS } from '../core/schemas/operator-access.js';
import type { Role } from '../core/schemas/tenant.js';
import { consoleHeaders } from '../http/browser-headers.js';
import type { RateLimit } from '../http/rate-limit.js';
import type { RouteHead } from '../http/route.js';
import { firestoreIndexes } from '../privacy/firestore-indexes.js';
import { TOLERANCE_SECONDS } from '../privacy/verify-webhook.js';
import { SEAL_CIPHER } from '../tracking/recipient-seal.js';
import { MAC_BYTES } from '../tracking/token-codec.js';

/**
 * What the code actually does for security (Art. 32), read from the code that does it: the
 * constants the enforcing modules use, the route table, the data catalog. The measures
 * (security-measures.ts) are written from these facts only, so a mechanism taken out of the code
 * takes its measure out of the pack.
 */
export interface CodeFacts {
  regions: { label: string }[];
  roles: { role: Role; rank: number }[];
  audit: { categories: { category: string; actions: number }[]; actions: number };
  /** Staff routes that change data, and how many of them write an audit entry. */
  auditedChanges: { changing: number; audited: number };
  /** Routes by who may call them. */
  access: { public: number; signedIn: number; byRole: { role: Role; routes: number }[] };
  /** Herald's own staff: routes open to operators, those that read a tenant (each gated by the owners' approval), the longest approval. */
  operatorAccess: { routes: number; tenantRoutes: number; maxHours: number } | null;
  /** Collections that expire, their product retention and the tenant's setting (if any). */
  retention: { collection: CollectionName; description: string; days: number; tenantSetting: string | null; tenantMaxDays: number | null; expiryPolicy: boolean }[];
  rateLimits: { what: string; max: number; windowSeconds: number; per: RateLimit['per'] }[];
  transport: { hsts: string | null; csp: string | null; frameOptions: string | null };
  recipientSealing: { cipher: string } | null;
  linkTokens: { macBits: number } | null;
  webhook: { toleranceSeconds: number } | null;
  /** Firestore and Cloud Storage rules: clients read and write nothing directly (test/unit/compliance-pack.test.ts reads both rules files). */
  clientStoreAccess: 'none';
  /** Catalog entries that carry a measure of their own. */
  accessReviews: boolean;
  deletionCertificates: boolean;
}

const isRole = (a: RouteHead['access']): a is Role => a in ROLE_RANK;

export function collectCodeFacts(routes: readonly RouteHead[]): CodeFacts {
  const ttl = new Set(firestoreIndexes().fieldOverrides.filter((o) => o.ttl).map((o) => o.collectionGroup));
  const headers = consoleHeaders({ connect: [], frame: [] });
  // Staff, as api/route-table.ts rules: every role above `user` (employees' own edits are theirs) and Herald's operators.
  const changing = routes.filter((r) => r.access !== 'public' && r.access !== 'signed_in' && r.access !== 'user' && r.method !== 'get');
  const limits = new Map<RateLimit, string>();
  for (const r of routes) if (r.rateLimit) limits.set(r.rateLimit, r.rateLimit.what);
  return {
    regions: Object.values(REGIONS).map((r) => ({ label: r.label })),
    roles: (Object.entries(ROLE_RANK) as [Role, number][]).sort((a, b) => b[1] - a[1]).map(([role, rank]) => ({ role, rank })),
    audit: { categories: AUDIT_CATEGORIES.map((category) => ({ category, actions: actionsOf(category).length })), actions: Object.keys(AUDIT_ACTIONS).length },
    auditedChanges: { changing: changing.length, audited: changing.filter((r) => r.audit && !('none' in r.audit)).length },
    access: {
      public: routes.filter((r) => r.access === 'public').length,
      signedIn: routes.filter((r) => r.access === 'signed_in').length,
      byRole: (Object.keys(ROLE_RANK) as Role[]).map((role) => ({ role, routes: routes.filter((r) => r.access === role).length })),
    },
    operatorAccess: routes.some((r) => r.access === 'operator')
      ? { routes: routes.filter((r) => r.access === 'operator').length, tenantRoutes: routes.filter((r) => r.access === 'operator' && r.operatorArea).length, maxHours: OPERATOR_ACCESS_MAX_HOURS }
      : null,
    retention: (Object.keys(catalog) as CollectionName[]).flatMap((name) => {
      const r = (catalog[name] as CatalogEntry).retention;
      return r.kind === 'ttl' ? [{ collection: name, description: catalog[name].description, days: r.days, tenantSetting: r.tenantSetting ?? null, tenantMaxDays: r.tenantSetting ? RETENTION_SETTING_MAX[r.tenantSetting] : null, expiryPolicy: ttl.has(collectionId(name)) }] : [];
    }),
    rateLimits: [...limits.keys()].map((l) => ({ what: l.what, max: l.max, windowSeconds: l.windowSeconds, per: l.per })).sort((a, b) => a.what.localeCompare(b.what)),
    transport: { hsts: headers['Strict-Transport-Security'] ?? null, csp: headers['Content-Security-Policy'] ?? null, frameOptions: headers['X-Frame-Options'] ?? null },
    recipientSealing: { cipher: SEAL_CIPHER },
    linkTokens: { macBits: MAC_BYTES * 8 },
    webhook: { toleranceSeconds: TOLERANCE_SECONDS },
    clientStoreAccess: 'none',
    accessReviews: 'accessReviews' in catalog,
    deletionCertificates: 'deletions' in catalog,
  };
}
