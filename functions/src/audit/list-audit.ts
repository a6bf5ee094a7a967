import * as z from 'zod';
import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { idSchema } from '../core/schemas/ids.js';
import type { AuditDoc } from '../core/schemas/audit.js';
import { toIso } from '../core/timestamps.js';
import { actionsOf, AUDIT_CATEGORIES, categoryOf, type AuditCategory } from '../core/audit-actions.js';
import { keyOf, targetNames, type TargetName } from './target-names.js';

export const listAuditQuery = z.object({
  action: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/, 'must be an action such as privacy.purge_users').optional(),
  /** A readable category ("Privacy requests"): core/audit-actions.ts. */
  category: z.enum(AUDIT_CATEGORIES as [AuditCategory, ...AuditCategory[]]).optional(),
  actorUid: z.string().min(1).max(128).optional(),
  targetId: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The id of the last entry of the previous page. */
  pageToken: idSchema.optional(),
});

/** One audit entry: who did what to what, when (ids only). */
export interface AuditEntryView {
  id: string;
  actor: AuditDoc['actor'];
  action: string;
  /** The action's readable category (core/audit-actions.ts). */
  category: AuditCategory | 'Other';
  target: AuditDoc['target'];
  /** The target as a person reads it ("Template “Sales compact”", "a removed person"); null without a target. */
  targetName: TargetName | null;
  /** Counts and options of the action. */
  meta: AuditDoc['meta'];
  at: string | null;
}

/** GET /api/audit: one page, newest first. */
export interface AuditPage {
  entries: AuditEntryView[];
  /** The categories the log filters by, in order. */
  categories: AuditCategory[];
  /** Pass as `pageToken` for the next page; null on the last one. */
  nextPageToken: string | null;
}

/** The audit log, newest first, filtered by one of action, actor or target (each has its composite index). */
export async function listAudit(deps: Deps, tenantId: string, query: z.output<typeof listAuditQuery>): Promise<AuditPage> {
  const filters = [query.action, query.category, query.actorUid, query.targetId].filter((f) => f !== undefined);
  if (filters.length > 1) throw new AppError('invalid_argument', 'query.category: filter by one of category, action, person or target');
  const audit = col(deps.db, 'audit', { tenantId });
  let q = audit.orderBy('at', 'desc');
  if (query.action) q = audit.where('action', '==', query.action).orderBy('at', 'desc');
  if (query.category) q = audit.where('action', 'in', actionsOf(query.category)).orderBy('at', 'desc');
  if (query.actorUid) q = audit.where('actor.uid', '==', query.actorUid).orderBy('at', 'desc');
  if (query.targetId) q = audit.where('target.id', '==', query.targetId).orderBy('at', 'desc');
  if (query.pageToken) {
    const last = await audit.doc(query.pageToken).get();
    if (!last.exists) throw new AppError('invalid_argument', 'query.pageToken: unknown page token');
    q = q.startAfter(last);
  }
  const page = await q.limit(query.limit + 1).get();
  const docs = page.docs.slice(0, query.limit);
  const names = await targetNames(deps, tenantId, docs.map((d) => d.data().target));
  return {
    entries: docs.map((d) => {
      const a = d.data();
      return { id: d.id, actor: a.actor, action: a.action, category: categoryOf(a.action), target: a.target, targetName: a.target ? names.get(keyOf(a.target)) ?? null : null, meta: a.meta, at: toIso(a.at) };
    }),
    categories: AUDIT_CATEGORIES,
    nextPageToken: page.size > query.limit ? docs[docs.length - 1]!.id : null,
  };
}
