import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { addDays } from '../core/timestamps.js';
import type { Role } from '../core/schemas/tenant.js';
import type { AuditDoc } from '../core/schemas/audit.js';

export interface AuditInput {
  tenantId: string;
  actor: { uid: string; role: Role | 'system' };
  action: string;
  target: { type: string; id: string } | null;
  meta?: Record<string, string | number | boolean>;
}

/** Appends an audit entry; its expiry follows the tenant's audit retention setting. */
export async function writeAudit(deps: Deps, input: AuditInput): Promise<string> {
  const tenant = (await doc(deps.db, 'tenants', { tenantId: input.tenantId }).get()).data();
  const days = tenant?.settings?.auditRetentionDays ?? 365;
  const at = deps.now();
  const entry: AuditDoc = {
    actor: input.actor,
    action: input.action,
    target: input.target,
    meta: input.meta ?? {},
    at,
    expireAt: addDays(at, days),
  };
  const ref = await col(deps.db, 'audit', { tenantId: input.tenantId }).add(entry);
  return ref.id;
}
