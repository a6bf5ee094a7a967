import { z } from 'zod';
import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { idSchema } from '../core/schemas/ids.js';
import type { AuditDoc } from '../core/schemas/audit.js';
import { toIso } from '../core/timestamps.js';

export const listAuditQuery = z.object({
  action: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/, 'must be an action such as privacy.purge_users').optional(),
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
  target: AuditDoc['target'];
  /** Counts and options of the action. */
  meta: AuditDoc['meta'];
  at: string | null;
}

/** GET /api/audit: one page, newest first. */
export interface AuditPage {
  entries: AuditEntryView[];
  /** Pass as `pageToken` for the next page; null on the last one. */
  nextPageToken: string | null;
}

/** The audit log, newest first, filtered by one of action, actor or target (each has its composite index). */
export async function listAudit(deps: Deps, tenantId: string, query: z.output<typeof listAuditQuery>): Promise<AuditPage> {
  const filters = [query.action, query.actorUid, query.targetId].filter((f) => f !== undefined);
  if (filters.length > 1) throw new AppError('invalid_argument', 'query.action: filter by one of action, actorUid or targetId');
  const audit = col(deps.db, 'audit', { tenantId });
  let q = audit.orderBy('at', 'desc');
  if (query.action) q = audit.where('action', '==', query.action).orderBy('at', 'desc');
  if (query.actorUid) q = audit.where('actor.uid', '==', query.actorUid).orderBy('at', 'desc');
  if (query.targetId) q = audit.where('target.id', '==', query.targetId).orderBy('at', 'desc');
  if (query.pageToken) {
    const last = await audit.doc(query.pageToken).get();
    if (!last.exists) throw new AppError('invalid_argument', 'query.pageToken: unknown page token');
    q = q.startAfter(last);
  }
  const page = await q.limit(query.limit + 1).get();
  const docs = page.docs.slice(0, query.limit);
  return {
    entries: docs.map((d) => {
      const a = d.data();
      return { id: d.id, actor: a.actor, action: a.action, target: a.target, meta: a.meta, at: toIso(a.at) };
    }),
    nextPageToken: page.size > query.limit ? docs[docs.length - 1]!.id : null,
  };
}
