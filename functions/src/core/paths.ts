/**
 * Where each collection's documents live: the one spelling of every path pattern (every segment in
 * braces is an id). The data catalog (catalog.ts) declares everything else about each collection
 * and takes its `path` from here; the redirect's hot path builds its paths here without loading the
 * catalog's schemas. Keep this module free of imports: the links function loads it.
 */
export const PATHS = {
  tenants: 'tenants/{tenantId}',
  users: 'tenants/{tenantId}/users/{userId}',
  members: 'tenants/{tenantId}/members/{uid}',
  audit: 'tenants/{tenantId}/audit/{auditId}',
  jobs: 'tenants/{tenantId}/jobs/{jobId}',
  campaigns: 'tenants/{tenantId}/campaigns/{campaignId}',
  directorySync: 'tenants/{tenantId}/directorySync/{settingsId}',
  templates: 'tenants/{tenantId}/templates/{templateId}',
  signatureAssignments: 'tenants/{tenantId}/signatureAssignments/{assignmentId}',
  signatureDeployments: 'tenants/{tenantId}/signatureDeployments/{userId}',
  receipts: 'tenants/{tenantId}/receipts/{receiptId}',
  counters: 'tenants/{tenantId}/campaigns/{campaignId}/counters/{counterId}',
  employeeCounters: 'tenants/{tenantId}/campaigns/{campaignId}/employeeCounters/{counterId}',
  counterRollups: 'tenants/{tenantId}/campaigns/{campaignId}/counterRollups/{rollupId}',
  recipientClicks: 'tenants/{tenantId}/recipientClicks/{clickId}',
  linkCodes: 'tenants/{tenantId}/linkCodes/{code}',
  linkClickDays: 'tenants/{tenantId}/linkClickDays/{linkDayId}',
  deletions: 'deletions/{deletionId}',
  webhookNonces: 'webhookNonces/{nonceId}',
  exports: 'tenants/{tenantId}/exports/{exportId}',
  accessReviews: 'tenants/{tenantId}/accessReviews/{reviewLineId}',
  addinFetches: 'tenants/{tenantId}/addinFetches/{fetchId}',
  addinUsage: 'tenants/{tenantId}/addinUsage/{day}',
  invites: 'tenants/{tenantId}/invites/{inviteId}',
  operatorAccess: 'tenants/{tenantId}/operatorAccess/{requestId}',
  dataSubjectRequests: 'tenants/{tenantId}/dataSubjectRequests/{requestId}',
  dataSubjectContacts: 'tenants/{tenantId}/dataSubjectContacts/{requestId}',
  operatorIncidents: 'operatorIncidents/{incidentId}',
  operatorIncidentUpdates: 'operatorIncidentUpdates/{updateId}',
  incidents: 'tenants/{tenantId}/incidents/{incidentId}',
  incidentUpdates: 'tenants/{tenantId}/incidents/{incidentId}/incidentUpdates/{updateId}',
  outbox: 'tenants/{tenantId}/outbox/{mailId}',
  alerts: 'tenants/{tenantId}/alerts/{alertId}',
  sharedMailboxes: 'tenants/{tenantId}/sharedMailboxes/{mailboxId}',
  hitLedger: 'hitLedger/{entryId}',
} as const;

export type CollectionName = keyof typeof PATHS;
export const COLLECTION_NAMES = Object.keys(PATHS) as CollectionName[];

type ParamsOf<P extends string> = P extends `${string}{${infer K}}${infer Rest}` ? K | ParamsOf<Rest> : never;
type LastParam<P extends string> = P extends `${string}{${infer K}}${infer Rest}` ? (Rest extends '' ? K : LastParam<Rest>) : never;
/** Every id of a document of this collection: `{ tenantId, userId }` for `users`. */
export type DocIds<N extends CollectionName> = { readonly [K in ParamsOf<(typeof PATHS)[N]>]: string };
/** The ids of the collection holding such documents: every id but the document's own. */
export type CollectionIds<N extends CollectionName> = { readonly [K in Exclude<ParamsOf<(typeof PATHS)[N]>, LastParam<(typeof PATHS)[N]>>]: string };

/** A pattern cut at its placeholders: `literals[0] + ids[keys[0]] + literals[1] + …`. */
interface Compiled {
  readonly literals: readonly string[];
  readonly keys: readonly string[];
}

const compiled = new Map<string, Compiled>();

function compiledOf(pattern: string): Compiled {
  let c = compiled.get(pattern);
  if (!c) {
    const literals: string[] = [];
    const keys: string[] = [];
    let last = 0;
    for (const m of pattern.matchAll(/\{(\w+)\}/g)) {
      literals.push(pattern.slice(last, m.index));
      keys.push(m[1]!);
      last = m.index + m[0].length;
    }
    literals.push(pattern.slice(last));
    compiled.set(pattern, (c = { literals, keys }));
  }
  return c;
}

/**
 * Fills a path pattern's placeholders (compiled once per pattern). An id that is missing, empty or
 * holds a '/' would name another document: refused.
 */
export function fillPath(pattern: string, ids: Readonly<Record<string, string>>): string {
  const c = compiledOf(pattern);
  let out = c.literals[0]!;
  for (let i = 0; i < c.keys.length; i++) {
    const value = ids[c.keys[i]!];
    if (!value || value.includes('/')) throw new Error(`catalog path ${pattern}: missing or invalid ${c.keys[i]}`);
    out += value + c.literals[i + 1]!;
  }
  return out;
}

/** The pattern of the collection holding a document pattern's documents: `tenants/{tenantId}/users`. */
export function parentPattern(pattern: string): string {
  return pattern.slice(0, pattern.lastIndexOf('/'));
}

const COLLECTION_PATTERNS = Object.fromEntries(COLLECTION_NAMES.map((name) => [name, parentPattern(PATHS[name])])) as Record<CollectionName, string>;

/** `docPath('users', { tenantId: 'acme', userId: 'u1' })` → `tenants/acme/users/u1`. */
export function docPath<N extends CollectionName>(name: N, ids: DocIds<N>): string {
  return fillPath(PATHS[name], ids as Readonly<Record<string, string>>);
}

/** `collectionPath('users', { tenantId: 'acme' })` → `tenants/acme/users`. */
export function collectionPath<N extends CollectionName>(name: N, ids: CollectionIds<N>): string {
  return fillPath(COLLECTION_PATTERNS[name], ids as Readonly<Record<string, string>>);
}

/** `tenants/{tenantId}/users/{userId}` → `['tenantId', 'userId']`. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** The regex matching a concrete document path of this pattern. */
export function pathRegex(path: string): RegExp {
  return new RegExp('^' + path.replace(/\{\w+\}/g, '[^/]+') + '$');
}

const DOC_REGEXES = COLLECTION_NAMES.map((name) => [name, pathRegex(PATHS[name])] as const);

/** Which collection a concrete document path belongs to, if any. */
export function entryForDocPath(path: string): CollectionName | undefined {
  return DOC_REGEXES.find(([, regex]) => regex.test(path))?.[0];
}

/** A pattern's collection id: the segment before the last placeholder (`users`). */
export function collectionIdOf(pattern: string): string {
  const segments = pattern.split('/');
  return segments[segments.length - 2]!;
}
