import type * as z from 'zod';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { alertScanPayloadSchema } from '../core/schemas/notice-payload.js';
import type { JobControl } from '../jobs/job-control.js';
import { DETECTORS, watchesEvent, type AlertEvent } from './detectors.js';
import { raiseAlert } from './raise-alert.js';

/**
 * The `alerts.scan` job: runs the detectors that watch one audit entry or one job outcome and
 * raises what they find. An entry that does not exist (yet, or any more) raises nothing.
 */
export async function scanForAlerts(deps: Deps, payload: z.output<typeof alertScanPayloadSchema>, _job: JobControl): Promise<void> {
  const { tenantId, source, id } = payload;
  let event: AlertEvent | null = null;
  if (source === 'audit') {
    const data = (await doc(deps.db, 'audit', { tenantId, auditId: id }).get()).data();
    if (data) event = { type: 'audit', id, doc: data };
  } else {
    const data = (await doc(deps.db, 'jobs', { tenantId, jobId: id }).get()).data();
    if (data) event = { type: 'job', id, doc: data };
  }
  if (!event) return;
  const e = event;
  const watching = DETECTORS.filter((d) => watchesEvent(d, e));
  for (const detector of watching) {
    const finding = await detector.check(deps, tenantId, e);
    if (finding) await raiseAlert(deps, tenantId, detector, finding, e);
  }
}
