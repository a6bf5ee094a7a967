import * as z from 'zod';
import { writeAuditIn } from '../audit/write-audit.js';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { labelled } from '../core/field-labels.js';
import { idSchema } from '../core/schemas/ids.js';
import {
  OPERATOR_ACCESS_MAX_HOURS,
  OPERATOR_ACCESS_RETENTION_DAYS,
  OPERATOR_REQUEST_PENDING_HOURS,
  OPERATOR_AREA_NAMES,
  OPERATOR_AREAS,
  type OperatorAccessDoc,
  type OperatorArea,
} from '../core/schemas/operator-access.js';
import type { Role } from '../core/schemas/tenant.js';
import { addDays, toIso } from '../core/timestamps.js';
import type { Caller } from '../http/caller.js';
import { queueOwnerMail } from '../mail/queue-owner-mail.js';
import { accessState, type AccessState } from './approval-state.js';

export const accessRequestBody = labelled(
  z.object({
    tenantId: idSchema,
    areas: z
      .array(z.enum(OPERATOR_AREA_NAMES))
      .min(1, 'name at least one area')
      .max(OPERATOR_AREA_NAMES.length)
      .refine((a) => new Set(a).size === a.length, 'names an area twice'),
    readOnly: z.boolean().default(true),
    reason: z.string().trim().min(10, 'say in a sentence why you need to look (at least 10 characters)').max(1000),
    hours: z.number().int().min(1).max(OPERATOR_ACCESS_MAX_HOURS, `at most ${OPERATOR_ACCESS_MAX_HOURS} hours`),
  }),
  { tenantId: 'Tenant', areas: 'Areas', readOnly: 'Read-only', reason: 'Reason', hours: 'Hours' },
);

/** One request and its decision, as the tenant's owners and the operator read it. */
export interface OperatorAccessView {
  id: string;
  operatorEmail: string | null;
  areas: { area: OperatorArea; label: string }[];
  readOnly: boolean;
  reason: string;
  hours: number;
  /** Now, from the stored status and the clock (approval-state.ts). */
  state: AccessState;
  requestedAt: string | null;
  decidedAt: string | null;
  /** The owner who approved or denied, by address; null while pending. */
  decidedByEmail: string | null;
  /** When the approval ends (or ended); null until approved. */
  expiresAt: string | null;
  endedAt: string | null;
  endedByEmail: string | null;
}

export interface OperatorAccessList {
  requests: OperatorAccessView[];
}

/**
 * An operator asks one tenant's owners for access. The request and its audit entry in the tenant's
 * trail land together or not at all; nothing is readable until an owner approves.
 */
export async function requestAccess(deps: Deps, caller: Caller, body: z.output<typeof accessRequestBody>): Promise<OperatorAccessView> {
  const tenantRef = doc(deps.db, 'tenants', { tenantId: body.tenantId });
  const ref = col(deps.db, 'operatorAccess', { tenantId: body.tenantId }).doc();
  const now = deps.now();
  const data: OperatorAccessDoc = {
    operatorUid: caller.uid,
    operatorEmail: caller.email,
    areas: body.areas,
    readOnly: body.readOnly,
    reason: body.reason,
    hours: body.hours,
    status: 'pending',
    requestedAt: now,
    decidedBy: null,
    decidedAt: null,
    expiresAt: null,
    endedBy: null,
    endedAt: null,
    expireAt: addDays(now, OPERATOR_ACCESS_RETENTION_DAYS),
  };
  await deps.db.runTransaction(async (tx) => {
    const tenant = await tx.get(tenantRef);
    if (!tenant.exists) throw new AppError('not_found', 'body.tenantId: no tenant with this id in this region');
    if (tenant.get('status') === 'deleting') throw new AppError('gone', 'this tenant is being deleted');
    tx.create(ref, data);
    writeAuditIn(tx, deps, tenant.data(), {
      tenantId: body.tenantId,
      actor: { uid: caller.uid, role: 'operator' },
      action: 'operator.access_request',
      target: { type: 'operator_access', id: ref.id },
      meta: { areas: body.areas.join(','), readOnly: body.readOnly, hours: body.hours },
    });
  });
  await tellOwners(deps, body.tenantId, ref.id, data);
  return (await views(deps, [{ id: ref.id, doc: data }]))[0]!;
}

/**
 * Mails the tenant's owners (only them: mail/queue-owner-mail.ts resolves the recipients) that an
 * operator asks for access, once per request (its id is the mail's ref). The request is already
 * stored and on the Operator access screen: a mail that cannot be queued is logged, not turned
 * into a failed request the operator would repeat.
 */
async function tellOwners(deps: Deps, tenantId: string, requestId: string, data: OperatorAccessDoc): Promise<void> {
  const areas = data.areas.map((a) => `- ${OPERATOR_AREAS[a]}`).join('\n');
  const hours = `${data.hours} hour${data.hours === 1 ? '' : 's'}`;
  const text = [
    `${data.operatorEmail ?? 'A member of Herald support'} (Herald support) asks for access to your organisation's data in Herald, ${data.readOnly ? 'read-only (to look, not to change anything)' : 'with the right to change data'}, for ${hours} from the moment an owner approves.`,
    '',
    'Areas:',
    areas,
    '',
    'Why:',
    data.reason,
    '',
    `Nothing is opened until an owner approves. Approve or deny it on the Operator access screen of Herald's console; you can end an approval early there too. A request nobody decides on lapses after ${OPERATOR_REQUEST_PENDING_HOURS} hours.`,
    '',
    'You receive this because you are an owner of your organisation in Herald.',
  ].join('\n');
  try {
    await queueOwnerMail(deps, tenantId, { kind: 'operator_access', ref: requestId, subject: 'Herald support asks for access to your organisation', text });
  } catch (err) {
    deps.log.error('operator access mail not queued', { tenantId, requestId, error: err instanceof Error ? err.name : 'unknown' });
  }
}

/** The tenant's requests, newest first: what its owners see (and an operator's own, filtered). */
export async function listAccessRequests(deps: Deps, tenantId: string, operatorUid?: string): Promise<OperatorAccessList> {
  const c = col(deps.db, 'operatorAccess', { tenantId });
  const snap = await (operatorUid ? c.where('operatorUid', '==', operatorUid) : c).get();
  const rows = snap.docs.map((d) => ({ id: d.id, doc: d.data() }));
  rows.sort((a, b) => (toIso(b.doc.requestedAt) ?? '').localeCompare(toIso(a.doc.requestedAt) ?? ''));
  return { requests: await views(deps, rows.slice(0, 100)) };
}

export type Decision = 'approve' | 'deny' | 'end';

export const DECISION_ACTION = { approve: 'operator.access_approve', deny: 'operator.access_deny', end: 'operator.access_end' } as const;

/**
 * An owner approves or denies a pending request, or ends an active approval early: the change and
 * its audit entry (who, when) in one transaction, so two owners deciding at once cannot both win
 * and no decision is left unrecorded. An approval runs from the moment it is given for the hours
 * asked. A lapsed request cannot be approved: the operator asks again, with a current reason.
 */
export async function decideAccess(deps: Deps, input: { tenantId: string; requestId: string; actor: { uid: string; role: Role }; decision: Decision }): Promise<OperatorAccessView> {
  const { tenantId, requestId, actor, decision } = input;
  const ref = doc(deps.db, 'operatorAccess', { tenantId, requestId });
  const tenantRef = doc(deps.db, 'tenants', { tenantId });
  const after = await deps.db.runTransaction(async (tx) => {
    const [snap, tenant] = await Promise.all([tx.get(ref), tx.get(tenantRef)]);
    const current = snap.data();
    if (!current) throw new AppError('not_found', 'this access request does not exist (it may have passed its retention)');
    const now = deps.now();
    const state = accessState(current, now);
    const change: Partial<OperatorAccessDoc> = {};
    if (decision === 'end') {
      if (state !== 'active') throw new AppError('conflict', `this access is not active (it is ${STATE_WORDS[state]}): there is nothing to end`);
      Object.assign(change, { status: 'ended', endedBy: actor.uid, endedAt: now });
    } else {
      if (state !== 'pending') throw new AppError('conflict', `this request is ${STATE_WORDS[state]}: only a waiting request can be approved or denied`);
      if (decision === 'approve') Object.assign(change, { status: 'approved', decidedBy: actor.uid, decidedAt: now, expiresAt: new Date(now.getTime() + current.hours * 3_600_000) });
      else Object.assign(change, { status: 'denied', decidedBy: actor.uid, decidedAt: now });
    }
    tx.update(ref, change);
    writeAuditIn(tx, deps, tenant.data(), {
      tenantId,
      actor,
      action: DECISION_ACTION[decision],
      target: { type: 'operator_access', id: requestId },
      meta: { areas: current.areas.join(','), readOnly: current.readOnly, hours: current.hours },
    });
    return { ...current, ...change } as OperatorAccessDoc;
  });
  return (await views(deps, [{ id: requestId, doc: after }]))[0]!;
}

export const STATE_WORDS: Record<AccessState, string> = {
  pending: 'waiting for a decision',
  lapsed: 'lapsed without a decision',
  active: 'active',
  expired: 'expired',
  denied: 'denied',
  ended: 'ended early',
};

/** Views with the deciding owners' addresses (one Auth lookup for the page). */
async function views(deps: Deps, rows: { id: string; doc: OperatorAccessDoc }[]): Promise<OperatorAccessView[]> {
  const uids = [...new Set(rows.flatMap((r) => [r.doc.decidedBy, r.doc.endedBy]).filter((u): u is string => !!u))];
  const emails = new Map<string, string | null>();
  for (let i = 0; i < uids.length; i += 100) {
    const found = await deps.auth.getUsers(uids.slice(i, i + 100).map((uid) => ({ uid })));
    for (const u of found.users) emails.set(u.uid, u.email ?? null);
  }
  const now = deps.now();
  return rows.map(({ id, doc: d }) => ({
    id,
    operatorEmail: d.operatorEmail,
    areas: d.areas.map((area) => ({ area, label: OPERATOR_AREAS[area] })),
    readOnly: d.readOnly,
    reason: d.reason,
    hours: d.hours,
    state: accessState(d, now),
    requestedAt: toIso(d.requestedAt),
    decidedAt: toIso(d.decidedAt),
    decidedByEmail: d.decidedBy ? emails.get(d.decidedBy) ?? null : null,
    expiresAt: toIso(d.status === 'ended' ? d.endedAt : d.expiresAt),
    endedAt: toIso(d.endedAt),
    endedByEmail: d.endedBy ? emails.get(d.endedBy) ?? null : null,
  }));
}
