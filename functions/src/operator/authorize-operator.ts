import type { Request } from 'express';
import { writeAudit } from '../audit/write-audit.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { idSchema } from '../core/schemas/ids.js';
import type { Caller } from '../http/caller.js';
import type { OperatorContext, RouteHead } from '../http/route.js';
import { requireApproval } from './require-approval.js';

/**
 * For an operator route (api/api-app.ts, after the caller is known to be an operator): a route
 * that reads a tenant (`operatorArea`, `:tenantId` in its path) is served only under the caller's
 * active approval covering that area, and (auditOperatorRead) the read is written to that tenant's
 * audit trail before the handler runs, so no read (not even one whose answer fails on the way) goes unrecorded and a
 * failed audit write serves nothing. Routes without an area (asking for access) get no tenant.
 */
export async function authorizeOperator(deps: Deps, def: RouteHead, caller: Caller, req: Request): Promise<Pick<OperatorContext, 'tenantId' | 'approval'>> {
  if (!def.operatorArea) return { tenantId: null, approval: null };
  const parsed = idSchema.safeParse(req.params.tenantId);
  if (!parsed.success) throw new AppError('not_found', 'no tenant with this id in this region');
  const tenantId = parsed.data;
  const write = def.method !== 'get';
  const approval = await requireApproval(deps, { tenantId, operatorUid: caller.uid, area: def.operatorArea, write });
  return { tenantId, approval };
}

/** The read's entry in the tenant's trail, written once the input is valid and before the handler runs. */
export async function auditOperatorRead(deps: Deps, def: RouteHead, ctx: OperatorContext): Promise<void> {
  if (!def.operatorArea || !ctx.tenantId || !ctx.approval) return;
  await writeAudit(deps, {
    tenantId: ctx.tenantId,
    actor: { uid: ctx.caller.uid, role: 'operator' },
    action: def.method === 'get' ? 'operator.read' : 'operator.change',
    target: { type: 'operator_access', id: ctx.approval.id },
    meta: { area: def.operatorArea, what: def.summary.slice(0, 200) },
  });
}
