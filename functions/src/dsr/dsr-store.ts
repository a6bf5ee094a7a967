import type { Transaction } from 'firebase-admin/firestore';
import { writeAuditIn, type AuditInput } from '../audit/write-audit.js';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError, type FieldProblem } from '../core/errors.js';
import {
  DSR_CONTACT_RETENTION_DAYS,
  DSR_RECORD_RETENTION_DAYS,
  type DsrChannel,
  type DsrContactDoc,
  type DsrDoc,
  type DsrOutcome,
  type DsrPersonKind,
  type DsrType,
} from '../core/schemas/dsr.js';
import type { Role } from '../core/schemas/tenant.js';
import { addDays, toIso } from '../core/timestamps.js';
import { effectiveFields } from '../directory/user-view.js';
import type { Caller } from '../http/caller.js';
import { recipientHash } from '../privacy/recipient-hash.js';
import { isVerifiedAddress } from '../trust/verified-domains.js';
import { dayOf, dueState, isCalendarDay, oneMonthAfter, extendedDeadline, type DueState } from './deadline.js';
import type { LogRequestInput } from './dsr-input.js';

/** The day the GDPR applies from: no request can have been received under it before. */
const GDPR_START = '2018-05-25';
const OPEN_LIMIT = 200;
const CLOSED_LIMIT = 20;

/** A linked answer as the console shows it. */
export interface DsrLinkView {
  kind: 'export' | 'erasure';
  how: 'from_request' | 'by_hand';
  at: string | null;
  /** The deletion certificate (erasures): the console links to it. */
  deletionId: string | null;
  /** The erasure's progress, read from its certificate: `missing` once the certificate expired. */
  erasure: { status: 'running' | 'done' | 'missing'; verified: boolean } | null;
}

/** One data-subject request (GET /api/privacy/requests). */
export interface DsrView {
  id: string;
  type: DsrType;
  person: {
    kind: DsrPersonKind;
    /** Null once the contact is gone: erased with the person, or a year after closing. */
    name: string | null;
    email: string | null;
    /** False once the name and address are no longer kept (the record stays as proof). */
    detailsKept: boolean;
    /** The directory user, while they exist: the request can export or erase their data. */
    inDirectory: boolean;
    /** Their directory record while it exists (the console links to it), else null. */
    userId: string | null;
  };
  channel: DsrChannel;
  receivedOn: string;
  originalDeadline: string;
  deadline: string;
  extension: { months: 1 | 2; reason: string; at: string | null } | null;
  /** Open, not extended yet, and the first month not over (Art. 12(3): the person is told within it). */
  mayExtend: boolean;
  status: 'open' | 'closed';
  /** Open requests: calendar days left (negative: overdue) and the words' key. */
  due: { daysLeft: number; state: DueState } | null;
  links: DsrLinkView[];
  outcome: DsrOutcome | null;
  outcomeReason: string | null;
  note: string | null;
  createdAt: string | null;
  closedAt: string | null;
}

/** GET /api/privacy/requests: what is due (open, soonest deadline first) and the last closed ones. */
export interface DsrList {
  /** The day "due" is counted from (UTC). */
  today: string;
  open: DsrView[];
  /** True when more requests are open than listed (the soonest deadlines are listed). */
  moreOpen: boolean;
  closed: DsrView[];
}

/** POST /api/privacy/requests answers the request as logged. */
export type DsrLogged = DsrView;

const fieldError = (field: string, message: string): AppError => new AppError('invalid_argument', message, { fields: [{ field, message }] });

/** The body's checks against today and the tenant's directory, all at once (route `check`). */
export async function checkRequestBody(deps: Deps, tenantId: string, body: unknown): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const b = (body ?? {}) as { receivedOn?: unknown; person?: { userId?: unknown } };
  if (typeof b.receivedOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(b.receivedOn)) {
    const tomorrow = dayOf(addDays(deps.now(), 1));
    if (!isCalendarDay(b.receivedOn)) problems.push({ field: 'body.receivedOn', message: 'is not a day of the calendar' });
    // Tomorrow (UTC) still counts: it is already today east of UTC.
    else if (b.receivedOn > tomorrow) problems.push({ field: 'body.receivedOn', message: 'cannot be in the future' });
    else if (b.receivedOn < GDPR_START) problems.push({ field: 'body.receivedOn', message: 'cannot be before 25 May 2018, when the GDPR began to apply' });
  }
  const userId = b.person?.userId;
  if (typeof userId === 'string' && /^[A-Za-z0-9_-]{1,128}$/.test(userId)) {
    if (!(await doc(deps.db, 'users', { tenantId, userId }).get()).exists) problems.push({ field: 'body.person.userId', message: 'is not in your directory' });
  }
  return problems;
}

/** Who the person is: a directory user (found by id, or by the typed address), a colleague on a verified domain, or anyone else. */
async function resolvePerson(deps: Deps, tenantId: string, person: LogRequestInput['person']) {
  if (person.userId) {
    const user = (await doc(deps.db, 'users', { tenantId, userId: person.userId }).get()).data();
    if (!user) throw fieldError('body.person.userId', 'Person: is not in your directory');
    const f = effectiveFields(user);
    return { kind: 'employee' as const, userId: person.userId, email: user.email, name: `${f.firstName} ${f.lastName}`.trim() };
  }
  const email = person.email!;
  const found = await col(deps.db, 'users', { tenantId }).where('email', '==', email).limit(1).get();
  const user = found.docs[0];
  if (user) {
    const f = effectiveFields(user.data());
    return { kind: 'employee' as const, userId: user.id, email, name: person.name || `${f.firstName} ${f.lastName}`.trim() };
  }
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  return { kind: isVerifiedAddress(tenant, email) ? ('colleague' as const) : ('external' as const), userId: null, email, name: person.name ?? '' };
}

/** Logs a request received from a person: its one-month deadline is computed from the day received. */
export async function logRequest(deps: Deps, tenantId: string, caller: Caller, role: Role, input: LogRequestInput): Promise<DsrLogged> {
  const problems = await checkRequestBody(deps, tenantId, input);
  if (problems.length) throw fieldError(problems[0]!.field, problems[0]!.message);
  const person = await resolvePerson(deps, tenantId, input.person);
  const now = deps.now();
  const deadline = oneMonthAfter(input.receivedOn);
  const ref = col(deps.db, 'dataSubjectRequests', { tenantId }).doc();
  const hash = recipientHash(deps.config, person.email);
  const record: DsrDoc = {
    type: input.type,
    personKind: person.kind,
    subjectUserId: person.userId,
    subjectHash: hash,
    channel: input.channel,
    receivedOn: input.receivedOn,
    originalDeadline: deadline,
    deadline,
    openDeadline: deadline,
    extension: null,
    links: [],
    status: 'open',
    outcome: null,
    outcomeReason: null,
    createdBy: caller.uid,
    createdAt: now,
    closedBy: null,
    closedAt: null,
    expireAt: null,
  };
  const contact: DsrContactDoc = { email: person.email, name: person.name, note: input.note, userId: person.userId, emailHash: hash, createdAt: now, expireAt: null };
  await deps.db.runTransaction(async (tx) => {
    const tenant = (await tx.get(doc(deps.db, 'tenants', { tenantId }))).data();
    tx.create(ref, record);
    tx.create(doc(deps.db, 'dataSubjectContacts', { tenantId, requestId: ref.id }), contact);
    writeAuditIn(tx, deps, tenant, audit(tenantId, caller, role, 'privacy.request_log', ref.id, { type: input.type, personKind: person.kind, channel: input.channel }));
  });
  return toView(ref.id, record, contact, new Map(), dayOf(now), person.userId !== null);
}

function audit(tenantId: string, caller: Caller, role: Role, action: AuditInput['action'], requestId: string, meta: AuditInput['meta'] = {}): AuditInput {
  return { tenantId, actor: { uid: caller.uid, role }, action, target: { type: 'privacy_request', id: requestId }, meta };
}

/**
 * Changes one open request in a transaction with its audit entry: the change and the entry land
 * together or not at all, and a closed request never changes again.
 */
export async function changeOpenRequest(
  deps: Deps,
  tenantId: string,
  requestId: string,
  change: (request: DsrDoc, tx: Transaction) => Promise<{ update: Partial<DsrDoc>; audit: AuditInput; contactExpireAt?: Date }>,
): Promise<void> {
  const ref = doc(deps.db, 'dataSubjectRequests', { tenantId, requestId });
  await deps.db.runTransaction(async (tx) => {
    const [snap, tenantSnap] = await Promise.all([tx.get(ref), tx.get(doc(deps.db, 'tenants', { tenantId }))]);
    const request = snap.data();
    if (!request) throw new AppError('not_found', 'This request is not in your list of requests.');
    if (request.status !== 'open') throw new AppError('failed_precondition', 'This request is closed: a closed request cannot change.');
    const contactRef = doc(deps.db, 'dataSubjectContacts', { tenantId, requestId });
    const contactSnap = await tx.get(contactRef);
    const { update, audit: entry, contactExpireAt } = await change(request, tx);
    tx.update(ref, update);
    if (contactExpireAt && contactSnap.exists) tx.update(contactRef, { expireAt: contactExpireAt });
    writeAuditIn(tx, deps, tenantSnap.data(), entry);
  });
}

/** Extends the deadline once, by one or two further months, with the reason told to the person (Art. 12(3)). */
export async function extendRequest(deps: Deps, tenantId: string, caller: Caller, role: Role, requestId: string, input: { months: 1 | 2; reason: string }): Promise<DsrView> {
  const now = deps.now();
  await changeOpenRequest(deps, tenantId, requestId, async (request) => {
    if (request.extension) throw new AppError('failed_precondition', 'This request was already extended: the law allows one extension of at most two further months.');
    if (dayOf(now) > request.originalDeadline) {
      throw new AppError('failed_precondition', 'The first month is over: an extension must be told to the person within one month of receiving the request (Art. 12(3)), so it can no longer be extended.');
    }
    const deadline = extendedDeadline(request.originalDeadline, input.months);
    return {
      update: { deadline, openDeadline: deadline, extension: { months: input.months, reason: input.reason, at: now } },
      audit: audit(tenantId, caller, role, 'privacy.request_extend', requestId, { months: input.months }),
    };
  });
  return getRequest(deps, tenantId, requestId);
}

/** The answers a request of this type needs before it can be closed as answered. */
const NEEDS: Partial<Record<DsrType, 'export' | 'erasure'>> = { access: 'export', portability: 'export', erasure: 'erasure' };

/**
 * Closes a request with its outcome. Answered access and portability requests need their export
 * linked, answered erasure requests their erasure: a request cannot be closed as answered without
 * the proof. "No data" cannot be said of a person still in the directory.
 */
export async function closeRequest(deps: Deps, tenantId: string, caller: Caller, role: Role, requestId: string, input: { outcome: DsrOutcome; reason?: string | undefined }): Promise<DsrView> {
  const now = deps.now();
  await changeOpenRequest(deps, tenantId, requestId, async (request, tx) => {
    const need = NEEDS[request.type];
    if (input.outcome === 'answered' && need && !request.links.some((l) => l.kind === need)) {
      throw new AppError(
        'failed_precondition',
        need === 'export' ? 'Export the person’s data from this request (or link an earlier export) before closing it as answered.' : 'Erase the person’s data from this request (or link an earlier erasure) before closing it as answered.',
      );
    }
    if (input.outcome === 'no_data' && request.subjectUserId && (await tx.get(doc(deps.db, 'users', { tenantId, userId: request.subjectUserId }))).exists) {
      throw new AppError('failed_precondition', 'This person is in your directory, so Herald holds data about them: export or erase it from the request, or choose another outcome.');
    }
    if (input.outcome === 'no_data' && !(await tx.get(col(deps.db, 'recipientClicks', { tenantId }).where('recipientHash', '==', request.subjectHash).limit(1).select())).empty) {
      throw new AppError('failed_precondition', 'Herald holds clicks this person made on tracked links in your employees’ email, so “no data held” would not be true: erase them from the request, or choose another outcome.');
    }
    return {
      update: {
        status: 'closed',
        outcome: input.outcome,
        outcomeReason: input.outcome === 'refused' ? input.reason! : null,
        openDeadline: null,
        closedBy: caller.uid,
        closedAt: now,
        expireAt: addDays(now, DSR_RECORD_RETENTION_DAYS),
      },
      contactExpireAt: addDays(now, DSR_CONTACT_RETENTION_DAYS),
      audit: audit(tenantId, caller, role, 'privacy.request_close', requestId, { outcome: input.outcome, late: dayOf(now) > request.deadline }),
    };
  });
  return getRequest(deps, tenantId, requestId);
}

/** What is due (open requests, soonest deadline first) and the last closed requests. */
export async function listRequests(deps: Deps, tenantId: string): Promise<DsrList> {
  const requests = col(deps.db, 'dataSubjectRequests', { tenantId });
  // One range on the field that is null once closed: ordered by deadline on its single-field index.
  const [open, closed] = await Promise.all([
    requests.where('openDeadline', '>=', '0000-00-00').orderBy('openDeadline').limit(OPEN_LIMIT + 1).get(),
    requests.where('closedAt', '>', new Date(0)).orderBy('closedAt', 'desc').limit(CLOSED_LIMIT).get(),
  ]);
  const listed = open.docs.slice(0, OPEN_LIMIT);
  const views = await viewsOf(deps, tenantId, [...listed, ...closed.docs].map((d) => [d.id, d.data()] as const));
  return { today: dayOf(deps.now()), open: views.slice(0, listed.length), moreOpen: open.size > OPEN_LIMIT, closed: views.slice(listed.length) };
}

export async function getRequest(deps: Deps, tenantId: string, requestId: string): Promise<DsrView> {
  const data = (await doc(deps.db, 'dataSubjectRequests', { tenantId, requestId }).get()).data();
  if (!data) throw new AppError('not_found', 'This request is not in your list of requests.');
  return (await viewsOf(deps, tenantId, [[requestId, data]]))[0]!;
}

/** Views of requests with their contacts, directory presence and erasure certificates: three batched reads. */
async function viewsOf(deps: Deps, tenantId: string, requests: readonly (readonly [string, DsrDoc])[]): Promise<DsrView[]> {
  if (requests.length === 0) return [];
  const contacts = await deps.db.getAll(...requests.map(([requestId]) => doc(deps.db, 'dataSubjectContacts', { tenantId, requestId })));
  const userIds = [...new Set(requests.map(([, r]) => r.subjectUserId).filter((u): u is string => Boolean(u)))];
  const users = userIds.length ? await deps.db.getAll(...userIds.map((userId) => doc(deps.db, 'users', { tenantId, userId }))) : [];
  const present = new Set(users.filter((u) => u.exists).map((u) => u.id));
  const deletionIds = [...new Set(requests.flatMap(([, r]) => r.links.filter((l) => l.kind === 'erasure').map((l) => l.ref)))];
  const certificates = new Map<string, { status: 'running' | 'done'; verified: boolean }>();
  if (deletionIds.length) {
    for (const s of await deps.db.getAll(...deletionIds.map((deletionId) => doc(deps.db, 'deletions', { deletionId })))) {
      const d = s.data();
      if (d && d.tenantId === tenantId) certificates.set(s.id, { status: d.status, verified: d.verified });
    }
  }
  const today = dayOf(deps.now());
  return requests.map(([id, r], i) => toView(id, r, contacts[i]!.data() as DsrContactDoc | undefined, certificates, today, Boolean(r.subjectUserId && present.has(r.subjectUserId))));
}

function toView(id: string, r: DsrDoc, contact: DsrContactDoc | undefined, certificates: Map<string, { status: 'running' | 'done'; verified: boolean }>, today: string, inDirectory: boolean): DsrView {
  const open = r.status === 'open';
  return {
    id,
    type: r.type,
    person: { kind: r.personKind, name: contact ? contact.name || null : null, email: contact?.email ?? null, detailsKept: Boolean(contact), inDirectory, userId: inDirectory ? r.subjectUserId : null },
    channel: r.channel,
    receivedOn: r.receivedOn,
    originalDeadline: r.originalDeadline,
    deadline: r.deadline,
    extension: r.extension ? { months: r.extension.months, reason: r.extension.reason, at: toIso(r.extension.at) } : null,
    mayExtend: open && !r.extension && today <= r.originalDeadline,
    status: r.status,
    due: open ? dueState(r.deadline, today) : null,
    links: r.links.map((l) => ({
      kind: l.kind,
      how: l.how,
      at: toIso(l.at),
      deletionId: l.kind === 'erasure' ? l.ref : null,
      erasure: l.kind === 'erasure' ? (certificates.get(l.ref) ?? { status: 'missing', verified: false }) : null,
    })),
    outcome: r.outcome,
    outcomeReason: r.outcomeReason,
    note: contact ? contact.note || null : null,
    createdAt: toIso(r.createdAt),
    closedAt: toIso(r.closedAt),
  };
}
