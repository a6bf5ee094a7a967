import type { DocumentReference } from 'firebase-admin/firestore';
import { writeAuditIn } from '../audit/write-audit.js';
import { doc, type DocInput } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { fieldsError, parseInput } from '../core/field-labels.js';
import type { CollectionName } from '../core/paths.js';
import { INCIDENT_RETENTION_DAYS, type IncidentDoc, type IncidentUpdateDoc, type OperatorIncidentDoc, type OperatorIncidentUpdateDoc } from '../core/schemas/incident.js';
import { addDays } from '../core/timestamps.js';
import { incidentIdOf, updateIdOf } from './incident-ids.js';
import { recordIncidentInput, updateIncidentInput } from './incident-input.js';
import { incidentMail, incidentUpdateMail } from './incident-mail.js';
import type { queueOwnerMail } from '../mail/queue-owner-mail.js';

/** How a notice reaches a tenant's owners: the mail outbox (mail/queue-owner-mail.ts), idempotent by kind + ref. */
export type QueueOwnerMail = typeof queueOwnerMail;

/**
 * Incidents (GDPR Art. 33), recorded by Herald's operator (functions/src/local/incident.ts).
 *
 * Herald's register (operatorIncidents) names exactly the tenants an incident reaches; each of them
 * gets its own copy (tenants/{t}/incidents) naming no other, and its owners one mail per event.
 * Nothing is ever rewritten: every document is written with `create()`, which fails on an existing
 * document, and an update is a new entry under the incident. Ids come from the operator's file, so
 * a run that stopped half-way is resumed by running it again: what exists is kept as it is (its
 * times too), and the mail outbox is idempotent by kind + ref.
 */

/** Who records incidents in each tenant's audit trail: Herald's operator, never a tenant role. */
const OPERATOR_ACTOR = { uid: 'herald-operator', role: 'system' } as const;
/** Tenants notified at once: each is a few writes and one queued mail. */
const PARALLEL = 8;

/** What recording needs: Firestore, the clock, and the task queue the outbox enqueues delivery on. */
export type IncidentDeps = Pick<Deps, 'db' | 'now' | 'tasks'> & Partial<Deps>;

export interface NoticeResult {
  incidentId: string;
  /** The update's id, for an update. */
  updateId?: string;
  tenants: { tenantId: string; notifiedAt: string; alreadyNotified: boolean }[];
}

/**
 * Creates the document, or reads the one already there (a resumed run): never rewrites it. With
 * `audit`, the tenant's audit entry lands in the same transaction as the copy, or neither does.
 */
async function createOnce<K extends CollectionName>(
  deps: IncidentDeps,
  ref: DocumentReference<unknown, DocInput<K>>,
  data: DocInput<K>,
  audit?: { tenantId: string; action: 'incident.notify' | 'incident.update'; incidentId: string },
): Promise<{ data: unknown; created: boolean }> {
  return deps.db.runTransaction(async (tx) => {
    const existing = await tx.get(ref);
    if (existing.exists) return { data: existing.data(), created: false };
    const tenant = audit ? (await tx.get(doc(deps.db, 'tenants', { tenantId: audit.tenantId }))).data() : undefined;
    tx.create(ref, data);
    if (audit) writeAuditIn(tx, deps as Deps, tenant, { tenantId: audit.tenantId, actor: OPERATOR_ACTOR, action: audit.action, target: { type: 'incident', id: audit.incidentId } });
    return { data, created: true };
  });
}

/** Records an incident from the operator's file and notifies each affected tenant's owners. */
export async function recordIncident(deps: IncidentDeps, file: unknown, queueMail: QueueOwnerMail): Promise<NoticeResult> {
  const input = parseInput(recordIncidentInput, file, '');
  await checkTenants(deps, input.tenants);
  const incidentId = incidentIdOf(input);
  const now = deps.now();
  const register = await createOnce<'operatorIncidents'>(deps, doc(deps.db, 'operatorIncidents', { incidentId }), {
    title: input.title,
    whatHappened: input.whatHappened,
    categories: input.categories,
    approxPeople: input.approximatePeople,
    approxRecords: input.approximateRecords,
    likelyConsequences: input.likelyConsequences,
    measures: input.measures,
    contact: { name: input.contact.name, email: input.contact.email, phone: input.contact.phone ?? null },
    detectedAt: new Date(input.detectedAt),
    recordedAt: now,
    tenantIds: [...input.tenants],
    expireAt: addDays(now, INCIDENT_RETENTION_DAYS),
  });
  const facts = register.data as OperatorIncidentDoc;
  const tenants = await eachTenant(facts.tenantIds, async (tenantId) => {
    const { tenantIds: _only, ...copy } = facts;
    const notifiedAt = deps.now();
    const written = await createOnce<'incidents'>(deps, doc(deps.db, 'incidents', { tenantId, incidentId }), { ...copy, notifiedAt }, { tenantId, action: 'incident.notify', incidentId });
    const stored = written.data as IncidentDoc;
    await queueMail(deps as Deps, tenantId, incidentMail(incidentId, stored));
    return { tenantId, notifiedAt: toDate(stored.notifiedAt).toISOString(), alreadyNotified: !written.created };
  });
  return { incidentId, tenants };
}

/** Appends an update to an incident (a new entry, with its time) in Herald's register and in every affected tenant's copy. */
export async function appendIncidentUpdate(deps: IncidentDeps, file: unknown, queueMail: QueueOwnerMail): Promise<NoticeResult> {
  const input = parseInput(updateIncidentInput, file, '');
  const incidentId = input.incident;
  const snap = await doc(deps.db, 'operatorIncidents', { incidentId }).get();
  if (!snap.exists) throw fieldsError([{ field: 'incident', label: 'Incident reference', message: `no incident "${incidentId}" is recorded` }], 'not_found', ': ');
  const facts = snap.data() as OperatorIncidentDoc;
  const updateId = updateIdOf(input);
  const changes = {
    ...(input.categories ? { categories: input.categories } : {}),
    ...(input.approximatePeople !== undefined ? { approxPeople: input.approximatePeople } : {}),
    ...(input.approximateRecords !== undefined ? { approxRecords: input.approximateRecords } : {}),
    ...(input.likelyConsequences ? { likelyConsequences: input.likelyConsequences } : {}),
    ...(input.measures ? { measures: input.measures } : {}),
  };
  const now = deps.now();
  const entry = await createOnce<'operatorIncidentUpdates'>(deps, doc(deps.db, 'operatorIncidentUpdates', { updateId }), {
    incidentId,
    at: now,
    summary: input.summary,
    status: input.status ?? null,
    changes,
    expireAt: facts.expireAt,
  });
  const update = entry.data as OperatorIncidentUpdateDoc;
  const tenants = await eachTenant(facts.tenantIds, async (tenantId) => {
    const head = await doc(deps.db, 'incidents', { tenantId, incidentId }).get();
    // A tenant whose copy is missing was never notified (an interrupted record): notify the record first.
    if (!head.exists) throw fieldsError([{ field: 'incident', label: 'Incident reference', message: `tenant ${tenantId} has not been notified of this incident yet: run the record command with its file again first` }], 'failed_precondition', ': ');
    const written = await createOnce<'incidentUpdates'>(deps, doc(deps.db, 'incidentUpdates', { tenantId, incidentId, updateId }), { ...update, notifiedAt: deps.now() }, { tenantId, action: 'incident.update', incidentId });
    const stored = written.data as IncidentUpdateDoc;
    await queueMail(deps as Deps, tenantId, incidentUpdateMail(incidentId, updateId, head.data() as IncidentDoc, stored));
    return { tenantId, notifiedAt: toDate(stored.notifiedAt).toISOString(), alreadyNotified: !written.created };
  });
  return { incidentId, updateId, tenants };
}

/** Every listed tenant must exist, once: a typo must not send a breach notice nowhere (or twice). Returns their names. */
async function checkTenants(deps: IncidentDeps, tenantIds: readonly string[]): Promise<string[]> {
  const problems = tenantIds.flatMap((id, i) => (tenantIds.indexOf(id) !== i ? [{ field: `tenants.${i}`, label: `Tenants (entry ${i + 1})`, message: `"${id}" is listed twice` }] : []));
  const snaps = await deps.db.getAll(...tenantIds.map((tenantId) => deps.db.doc(`tenants/${tenantId}`)));
  snaps.forEach((s, i) => {
    if (!s.exists) problems.push({ field: `tenants.${i}`, label: `Tenants (entry ${i + 1})`, message: `no tenant "${tenantIds[i]}" exists in this region` });
  });
  if (problems.length) throw fieldsError(problems, 'invalid_argument', ': ');
  return snaps.map((s) => String(s.get('name') ?? s.id));
}

export interface IncidentPreview {
  incidentId: string;
  /** Who would be notified, by id and by name: the operator checks the list before sending. */
  tenants: { tenantId: string; name: string }[];
  mail: { subject: string; text: string };
}

/** What `record` would do with this file (checked in full), writing and sending nothing: `--dry-run`. */
export async function previewIncident(deps: IncidentDeps, file: unknown): Promise<IncidentPreview> {
  const input = parseInput(recordIncidentInput, file, '');
  const names = await checkTenants(deps, input.tenants);
  const incidentId = incidentIdOf(input);
  const now = deps.now();
  const mail = incidentMail(incidentId, {
    title: input.title,
    whatHappened: input.whatHappened,
    categories: input.categories,
    approxPeople: input.approximatePeople,
    approxRecords: input.approximateRecords,
    likelyConsequences: input.likelyConsequences,
    measures: input.measures,
    contact: { name: input.contact.name, email: input.contact.email, phone: input.contact.phone ?? null },
    detectedAt: new Date(input.detectedAt),
    recordedAt: now,
    notifiedAt: now,
    expireAt: now,
  });
  return { incidentId, tenants: input.tenants.map((tenantId, i) => ({ tenantId, name: names[i]! })), mail: { subject: mail.subject, text: mail.text } };
}

async function eachTenant<T>(tenantIds: readonly string[], fn: (tenantId: string) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(tenantIds.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, tenantIds.length) }, async () => {
      while (next < tenantIds.length) {
        const i = next++;
        out[i] = await fn(tenantIds[i]!);
      }
    }),
  );
  return out;
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : (value as { toDate(): Date }).toDate();
}
