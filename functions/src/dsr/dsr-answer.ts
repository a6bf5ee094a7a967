import { writeAudit } from '../audit/write-audit.js';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { DsrDoc, DsrLink } from '../core/schemas/dsr.js';
import type { Role } from '../core/schemas/tenant.js';
import { toIso } from '../core/timestamps.js';
import type { Caller } from '../http/caller.js';
import { exportDirectoryUser } from '../privacy/export-user.js';
import { startRecipientPurge, startUsersPurge, type PurgeStarted } from '../privacy/start-purge.js';
import { changeOpenRequest } from './dsr-store.js';

/**
 * Answers linked to a request. Run from the request (export, erasure), the answer is the person's
 * own by construction and linked in the same step; linked by hand, an earlier answer is checked to
 * be this tenant's and, for an export, this person's. The privacy operations themselves are the
 * existing ones, audited under their usual actions, so nothing run from a request escapes what
 * watches exports and erasures.
 */

const notFoundAt = (field: string, message: string) => new AppError('not_found', message, { fields: [{ field, message }] });

async function openRequest(deps: Deps, tenantId: string, requestId: string): Promise<DsrDoc> {
  const request = (await doc(deps.db, 'dataSubjectRequests', { tenantId, requestId }).get()).data();
  if (!request) throw new AppError('not_found', 'This request is not in your list of requests.');
  if (request.status !== 'open') throw new AppError('failed_precondition', 'This request is closed: a closed request cannot change.');
  return request;
}

/** The directory user the request is about, while they exist. */
async function directoryUserOf(deps: Deps, tenantId: string, request: DsrDoc): Promise<string | null> {
  if (!request.subjectUserId) return null;
  return (await doc(deps.db, 'users', { tenantId, userId: request.subjectUserId }).get()).exists ? request.subjectUserId : null;
}

async function addLink(deps: Deps, tenantId: string, caller: Caller, role: Role, requestId: string, link: Omit<DsrLink, 'at'>): Promise<void> {
  await changeOpenRequest(deps, tenantId, requestId, async (request) => {
    if (request.links.some((l) => l.kind === link.kind && l.ref === link.ref)) throw new AppError('conflict', 'This answer is already linked to the request.');
    if (request.links.length >= 20) throw new AppError('failed_precondition', 'This request has 20 answers linked already: close it, or log a new request.');
    return {
      update: { links: [...request.links, { ...link, at: deps.now() }] },
      audit: { tenantId, actor: { uid: caller.uid, role }, action: 'privacy.request_link', target: { type: 'privacy_request', id: requestId }, meta: { kind: link.kind, how: link.how } },
    };
  });
}

/** The person's data (Art. 15/20) as the admin export gives it, linked to the request. */
export async function exportFromRequest(deps: Deps, tenantId: string, caller: Caller, role: Role, requestId: string) {
  const request = await openRequest(deps, tenantId, requestId);
  const userId = await directoryUserOf(deps, tenantId, request);
  if (!userId) {
    throw new AppError('failed_precondition', 'This person is not in your directory, so Herald has no data about them to export. Close the request with the outcome “no data held”.');
  }
  const data = await exportDirectoryUser(deps, tenantId, userId);
  const auditId = await writeAudit(deps, { tenantId, actor: { uid: caller.uid, role }, action: 'privacy.export_user', target: { type: 'user', id: userId }, meta: { request: requestId } });
  await addLink(deps, tenantId, caller, role, requestId, { kind: 'export', ref: auditId, jobId: null, how: 'from_request' });
  return data;
}

/**
 * Erases the person's data for an erasure request: a directory user with everything of theirs
 * (the users purge, with its role rules), anyone else's recorded clicks by their address (the
 * recipient purge). Only an erasure request erases.
 */
export async function eraseFromRequest(deps: Deps, tenantId: string, caller: Caller, role: Role, requestId: string): Promise<PurgeStarted> {
  const request = await openRequest(deps, tenantId, requestId);
  if (request.type !== 'erasure') throw new AppError('failed_precondition', 'Only an erasure request can erase a person’s data from here.');
  const userId = await directoryUserOf(deps, tenantId, request);
  let started: PurgeStarted;
  if (userId) {
    started = await startUsersPurge(deps, tenantId, caller.uid, { userIds: [userId] }, role);
    await writeAudit(deps, { tenantId, actor: { uid: caller.uid, role }, action: 'privacy.purge_users', target: { type: 'job', id: started.jobId }, meta: { request: requestId } });
  } else {
    const contact = (await doc(deps.db, 'dataSubjectContacts', { tenantId, requestId }).get()).data();
    if (!contact) throw new AppError('failed_precondition', 'Herald no longer holds this person’s address, so there is nothing left to erase: link the earlier erasure instead.');
    started = await startRecipientPurge(deps, tenantId, caller.uid, { email: contact.email });
    await writeAudit(deps, { tenantId, actor: { uid: caller.uid, role }, action: 'privacy.purge_recipient', target: { type: 'job', id: started.jobId }, meta: { request: requestId } });
  }
  await addLink(deps, tenantId, caller, role, requestId, { kind: 'erasure', ref: started.deletionId, jobId: started.jobId, how: 'from_request' });
  return { jobId: started.jobId, deletionId: started.deletionId };
}

/**
 * Links an earlier answer: an erasure certificate of this tenant (of people or a recipient), or an
 * export of this very person (its audit entry). Anything else is "not found": another tenant's
 * certificate, a campaign purge, someone else's export.
 */
export async function linkByHand(
  deps: Deps,
  tenantId: string,
  caller: Caller,
  role: Role,
  requestId: string,
  input: { kind: 'erasure'; deletionId: string } | { kind: 'export'; auditId: string },
): Promise<void> {
  const request = await openRequest(deps, tenantId, requestId);
  if (input.kind === 'erasure') {
    const cert = (await doc(deps.db, 'deletions', { deletionId: input.deletionId }).get()).data();
    if (!cert || cert.tenantId !== tenantId || !['users', 'recipient'].includes(cert.subject.kind)) throw notFoundAt('body.deletionId', 'No erasure of a person in your deletion certificates matches.');
    const jobId = input.deletionId.startsWith(`${tenantId}-`) ? input.deletionId.slice(tenantId.length + 1) : null;
    await addLink(deps, tenantId, caller, role, requestId, { kind: 'erasure', ref: input.deletionId, jobId, how: 'by_hand' });
    return;
  }
  const entry = (await doc(deps.db, 'audit', { tenantId, auditId: input.auditId }).get()).data();
  if (!entry || entry.action !== 'privacy.export_user' || !request.subjectUserId || entry.target?.id !== request.subjectUserId) {
    throw notFoundAt('body.auditId', 'No export of this person’s data matches.');
  }
  await addLink(deps, tenantId, caller, role, requestId, { kind: 'export', ref: input.auditId, jobId: null, how: 'by_hand' });
}

/** Earlier answers an admin may link by hand (GET /api/privacy/requests/:requestId/answers). */
export interface DsrAnswerChoices {
  exports: { auditId: string; at: string | null }[];
  erasures: { deletionId: string; requestedAt: string | null; people: number; kind: 'users' | 'recipient'; status: 'running' | 'done' }[];
}

export async function answerChoices(deps: Deps, tenantId: string, requestId: string): Promise<DsrAnswerChoices> {
  const request = (await doc(deps.db, 'dataSubjectRequests', { tenantId, requestId }).get()).data();
  if (!request) throw new AppError('not_found', 'This request is not in your list of requests.');
  const exports = request.subjectUserId
    ? (await col(deps.db, 'audit', { tenantId }).where('target.id', '==', request.subjectUserId).orderBy('at', 'desc').limit(50).get()).docs
        .filter((d) => d.get('action') === 'privacy.export_user')
        .slice(0, 10)
        .map((d) => ({ auditId: d.id, at: toIso(d.get('at')) }))
    : [];
  const deletions = await col(deps.db, 'deletions', {}).where('tenantId', '==', tenantId).orderBy('requestedAt', 'desc').limit(50).get();
  const erasures = deletions.docs
    .map((d) => [d.id, d.data()] as const)
    .filter(([, d]) => d.subject.kind === 'users' || d.subject.kind === 'recipient')
    .slice(0, 10)
    .map(([id, d]) => ({ deletionId: id, requestedAt: toIso(d.requestedAt), people: d.subject.count, kind: d.subject.kind as 'users' | 'recipient', status: d.status }));
  return { exports, erasures };
}
