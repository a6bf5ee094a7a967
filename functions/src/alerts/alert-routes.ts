import * as z from 'zod';
import { route, type RouteDef } from '../http/route.js';
import { acknowledgeAlert, listAlerts } from './alert-store.js';

const alertIdSchema = z.string().regex(/^[a-f0-9]{32}$/, 'must be an alert id');

/** Security alerts: joined into the route table in api/route-table.ts. Always the caller's own tenant. */
export const alertRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/alerts',
    access: 'admin',
    summary: 'Security alerts raised by the detectors, newest first, and what each detector watches',
    handler: ({ deps, tenantId }) => listAlerts(deps, tenantId),
  }),
  route({
    method: 'post',
    path: '/alerts/:alertId/acknowledge',
    access: 'admin',
    summary: 'Acknowledge an alert (audited)',
    params: z.object({ alertId: alertIdSchema }),
    audit: { action: 'alerts.acknowledge', inHandler: true },
    handler: ({ deps, tenantId, caller, role }, { params }) => acknowledgeAlert(deps, { tenantId, alertId: params.alertId, actor: { uid: caller.uid, role } }),
  }),
];
