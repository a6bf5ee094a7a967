import type { Transaction } from 'firebase-admin/firestore';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { addDays } from '../core/timestamps.js';
import type { Role, TenantDoc } from '../core/schemas/tenant.js';
import type { AuditDoc } from '../core/schemas/audit.js';
import type { AuditAction } from '../core/audit-actions.js';
import { watchAudit } from '../alerts/watch.js';

export interface AuditInput {
  tenantId: string;
  actor: { uid: string; role: Role | 'system' | 'operator' };
  /** One of the listed actions (core/audit-actions.ts), each with its readable category. */
  action: AuditAction;
  target: { type: string; id: string } | null;
  meta?: Record<string, string | number | boolean>;
}

/** Appends an audit entry; its expiry follows the tenant's audit retention setting. */
export async function writeAudit(deps: Deps, input: AuditInput): Promise<string> {
  const tenant = (await doc(deps.db, 'tenants', { tenantId: input.tenantId }).get()).data();
  const ref = await col(deps.db, 'audit', { tenantId: input.tenantId }).add(auditEntry(deps, tenant, input));
  await watchAudit(deps, input.tenantId, ref.id, input.action);
  return ref.id;
}

/**
 * The same entry written inside a transaction, so it lands with the change it records or not at all.
 * Once the transaction committed, the caller hands the id to `watchAudit` (alerts/watch.ts).
 */
export function writeAuditIn(tx: Transaction, deps: Deps, tenant: Pick<TenantDoc, 'settings'> | undefined, input: AuditInput): string {
  const ref = col(deps.db, 'audit', { tenantId: input.tenantId }).doc();
  tx.set(ref, auditEntry(deps, tenant, input));
  return ref.id;
}

function auditEntry(deps: Deps, tenant: Pick<TenantDoc, 'settings'> | undefined, input: AuditInput): AuditDoc {
  const days = tenant?.settings?.auditRetentionDays ?? 365;
  const at = deps.now();
  return {
    actor: input.actor,
    action: input.action,
    target: input.target,
    meta: input.meta ?? {},
    at,
    expireAt: addDays(at, days),
  };
}
