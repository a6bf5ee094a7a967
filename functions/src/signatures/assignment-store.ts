import { createHash } from 'node:crypto';
import { z } from 'zod';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { idSchema } from '../core/schemas/ids.js';
import { toIso } from '../core/timestamps.js';
import type { AssignmentDoc } from '../core/schemas/signature.js';
import { labelled } from '../core/field-labels.js';

export const assignmentBody = z
  .object({
    templateId: idSchema,
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('everyone') }),
      z.object({ kind: z.literal('group'), group: z.string().trim().min(1).max(200) }),
      z.object({ kind: z.literal('user'), userId: idSchema }),
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
  priority: 'Priority',
});
export type AssignmentBody = z.output<typeof assignmentBody>;

/** One assignment per target: its id is derived from the target (group names are hashed: no spaces or slashes in ids). */
export function assignmentId(target: AssignmentBody['target']): string {
  if (target.kind === 'everyone') return 'everyone';
  if (target.kind === 'user') return `user-${target.userId}`;
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
  priority: number;
  updatedAt: string | null;
}

export interface AssignmentList {
  assignments: AssignmentView[];
}

export function assignmentView(a: StoredAssignment): AssignmentView {
  return { id: a.id, templateId: a.templateId, target: a.target, group: a.group, userId: a.userId, priority: a.priority, updatedAt: toIso(a.updatedAt) };
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
  return deps.db.runTransaction(async (tx) => {
    const [t, current, u] = await Promise.all([tx.get(template), tx.get(ref), user ? tx.get(user) : Promise.resolve(null)]);
    if (!t.exists) throw new AppError('invalid_argument', 'body.templateId: no such template');
    if (u && !u.exists) throw new AppError('invalid_argument', 'body.target.userId: no such user');
    const now = deps.now();
    const previous = current.data();
    const data: AssignmentDoc = {
      templateId: body.templateId,
      target: body.target.kind,
      group: body.target.kind === 'group' ? body.target.group : null,
      userId: body.target.kind === 'user' ? body.target.userId : null,
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
