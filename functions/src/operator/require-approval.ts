import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { OPERATOR_AREAS, type OperatorAccessDoc, type OperatorArea } from '../core/schemas/operator-access.js';
import { accessState } from './approval-state.js';

export interface Approval {
  id: string;
  doc: OperatorAccessDoc;
}

/**
 * The gate of every operator route that reads a tenant (api/api-app.ts calls it from the route's
 * declared `operatorArea`): this operator's own approval, in this tenant's own records, approved by
 * its owners, not expired, covering the area, and allowing writes when the route writes. Anything
 * else is refused before the route's handler runs. The approval is looked up under the tenant the
 * route names, so another tenant's approval can never open this one.
 */
export async function requireApproval(deps: Deps, input: { tenantId: string; operatorUid: string; area: OperatorArea; write: boolean }): Promise<Approval> {
  const { tenantId, operatorUid, area, write } = input;
  const tenant = await doc(deps.db, 'tenants', { tenantId }).get();
  if (!tenant.exists) throw new AppError('not_found', 'no tenant with this id in this region');
  if (tenant.get('status') === 'deleting') throw new AppError('gone', 'this tenant is being deleted');
  const mine = await col(deps.db, 'operatorAccess', { tenantId }).where('operatorUid', '==', operatorUid).get();
  const now = deps.now();
  const requests = mine.docs.map((d) => ({ id: d.id, doc: d.data(), state: accessState(d.data(), now) }));
  const covering = requests.filter((r) => r.doc.areas.includes(area));
  const active = covering.filter((r) => r.state === 'active');
  const fit = active.find((r) => !write || !r.doc.readOnly);
  if (fit) return { id: fit.id, doc: fit.doc };
  const what = OPERATOR_AREAS[area].toLowerCase();
  if (active.length) throw new AppError('permission_denied', `your approval for the ${what} of this tenant is read-only: request write access`);
  if (requests.some((r) => r.state === 'active')) throw new AppError('permission_denied', `your approval does not cover the ${what} of this tenant: request access to that area`);
  const states = new Set(covering.map((r) => r.state));
  if (states.has('pending')) throw new AppError('permission_denied', `your request for the ${what} of this tenant waits for its owners' approval`);
  if (states.has('expired') || states.has('ended')) throw new AppError('permission_denied', `your approval for the ${what} of this tenant has ended: request access again`);
  if (states.has('denied')) throw new AppError('permission_denied', `the owners of this tenant denied your request for its ${what}`);
  throw new AppError('permission_denied', `you have no approval from this tenant's owners for its ${what}: request access first`);
}
