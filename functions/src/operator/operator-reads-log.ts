import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { OPERATOR_AREAS, type OperatorArea } from '../core/schemas/operator-access.js';
import { toIso } from '../core/timestamps.js';

/** One operator read under an approval, as the tenant's owners see it. */
export interface OperatorReadView {
  at: string | null;
  area: OperatorArea | null;
  /** The area in words ("Audit log"). */
  areaLabel: string;
  /** What was read, in words ("The tenant's directory users, by email"). */
  what: string;
  /** `operator.change` when the approval allowed a change; `operator.read` otherwise. */
  changed: boolean;
}

export interface OperatorReadList {
  reads: OperatorReadView[];
}

const SHOWN = 500;

/**
 * Every read an operator made under one approval, newest first, from the tenant's own audit trail
 * (the entries api/api-app.ts writes before answering each operator read; the target is the
 * approval, on the audit log's target index).
 */
export async function listOperatorReads(deps: Deps, tenantId: string, requestId: string): Promise<OperatorReadList> {
  if (!(await col(deps.db, 'operatorAccess', { tenantId }).doc(requestId).get()).exists) throw new AppError('not_found', 'this access request does not exist (it may have passed its retention)');
  const snap = await col(deps.db, 'audit', { tenantId }).where('target.id', '==', requestId).orderBy('at', 'desc').limit(SHOWN).get();
  const reads = snap.docs
    .map((d) => d.data())
    .filter((a) => a.target?.type === 'operator_access' && (a.action === 'operator.read' || a.action === 'operator.change'))
    .map((a): OperatorReadView => {
      const area = typeof a.meta.area === 'string' && Object.hasOwn(OPERATOR_AREAS, a.meta.area) ? (a.meta.area as OperatorArea) : null;
      return { at: toIso(a.at), area, areaLabel: area ? OPERATOR_AREAS[area] : 'Another area', what: typeof a.meta.what === 'string' ? a.meta.what : '', changed: a.action === 'operator.change' };
    });
  return { reads };
}
