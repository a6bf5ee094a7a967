import { createHash } from 'node:crypto';
import * as z from 'zod';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { idSchema } from '../core/schemas/ids.js';
import { toIso } from '../core/timestamps.js';
import type { AssignmentDoc } from '../core/schemas/signature.js';
import { labelled } from '../core/field-labels.js';
import { isVerifiedAddress } from '../trust/verified-domains.js';

export const assignmentBody = z
  .object({
    templateId: idSchema,
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('everyone') }),
      z.object({ kind: z.literal('group'), group: z.string().trim().min(1).max(200) }),
      z.object({ kind: z.literal('user'), userId: idSchema }),
      z.object({ kind: z.literal('address'), address: z.string().trim().toLowerCase().email().max(320) }),
    ]),
    priority: z.number().int().min(0).max(100).default(50),
  })
  .strict();
labelled(assignmentBody, {
  templateId: 'Template',
  target: 'Applies to',
  'target.kind': 'Applies to',
  'target.group': 'Group',
  'target.userId': 'Person',
  'target.address': 'Sending address',
  priority: 'Priority',
});
export type AssignmentBody = z.output<typeof assignmentBody>;

/** One assignment per target: its id is derived from the target (group names are hashed: no spaces or slashes in ids). */
export function assignmentId(target: AssignmentBody['target']): string {
  if (target.kind === 'everyone') return 'everyone';
  if (target.kind === 'user') return `user-${target.userId}`;
  if (target.kind === 'address') return `address-${createHash('sha256').update(target.address).digest('hex').slice(0, 20)}`;
  return `group-${createHash('sha256').update(target.group).digest('hex').slice(0, 20)}`;
}

export interface StoredAssignment extends AssignmentDoc {
  id: string;
}

/** Which template applies to everyone, a group or one user (GET /api/template-assignments). */
export interface AssignmentView {
  id: string;
  templateId: string;
  target: AssignmentDoc['target'];
  /** Set exactly for a group assignment. */
  group: string | null;
  /** Set exactly for a user assignment. */
  userId: string | null;
  /** Set exactly for an assignment to a sending address (shared mailbox, alias). */
  address: string | null;
  priority: number;
  updatedAt: string | null;
}

export interface AssignmentList {
  assignments: AssignmentView[];
}

export function assignmentView(a: StoredAssignment): AssignmentView {
  return { id: a.id, templateId: a.templateId, target: a.target, group: a.group, userId: a.userId, address: a.address ?? null, priority: a.priority, updatedAt: toIso(a.updatedAt) };
}

export async function loadAssignments(deps: Deps, tenantId: string): Promise<StoredAssignment[]> {
  const snap = await col(deps.db, 'signatureAssignments', { tenantId }).get();
  return snap.docs.map((d) => ({ id: d.id, ...d.data() }));
}

export async function listAssignments(deps: Deps, tenantId: string): Promise<AssignmentList> {
  return { assignments: (await loadAssignments(deps, tenantId)).map(assignmentView) };
}

/** Creates or replaces the assignment of this target; returns the previous one (its users are affected too). */
export async function putAssignment(deps: Deps, tenantId: string, body: AssignmentBody): Promise<{ assignment: StoredAssignment; previous: StoredAssignment | null }> {
  const id = assignmentId(body.target);
  const template = doc(deps.db, 'templates', { tenantId, templateId: body.templateId });
  const ref = doc(deps.db, 'signatureAssignments', { tenantId, assignmentId: id });
  const user = body.target.kind === 'user' ? doc(deps.db, 'users', { tenantId, userId: body.target.userId }) : null;
  const address = body.target.kind === 'address' ? body.target.address : null;
  const tenantRef = doc(deps.db, 'tenants', { tenantId });
  const owner = address ? col(deps.db, 'users', { tenantId }).where('email', '==', address).limit(1).select() : null;
  return deps.db.runTransaction(async (tx) => {
    const [t, current, u, tenant, owned] = await Promise.all([
      tx.get(template),
      tx.get(ref),
      user ? tx.get(user) : Promise.resolve(null),
      address ? tx.get(tenantRef) : Promise.resolve(null),
      owner ? tx.get(owner) : Promise.resolve(null),
    ]);
    if (!t.exists) throw new AppError('invalid_argument', 'body.templateId: no such template');
    if (u && !u.exists) throw new AppError('invalid_argument', 'body.target.userId: no such user');
    // A sending address is acted on only on a domain the tenant proved, and a person's own mailbox
    // is assigned through the person (so their erasure takes it), never as a bare address.
    if (address && !isVerifiedAddress(tenant?.data(), address)) throw new AppError('invalid_argument', 'body.target.address: not on one of your verified domains');
    if (owned && !owned.empty) throw new AppError('invalid_argument', "body.target.address: is a person's own address; assign the template to the person instead");
    const now = deps.now();
    const previous = current.data();
    const data: AssignmentDoc = {
      templateId: body.templateId,
      target: body.target.kind,
      group: body.target.kind === 'group' ? body.target.group : null,
      userId: body.target.kind === 'user' ? body.target.userId : null,
      address,
      priority: body.priority,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
    tx.set(ref, data);
    return { assignment: { id, ...data }, previous: previous ? { id, ...previous } : null };
  });
}

export async function deleteAssignment(deps: Deps, tenantId: string, id: string): Promise<StoredAssignment> {
  const ref = doc(deps.db, 'signatureAssignments', { tenantId, assignmentId: id });
  const data = (await ref.get()).data();
  if (!data) throw new AppError('not_found', 'assignment not found');
  await ref.delete();
  return { id, ...data };
}
