import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { AlertDoc } from '../core/schemas/alert.js';
import type { Role } from '../core/schemas/tenant.js';
import { toIso } from '../core/timestamps.js';
import { writeAuditIn } from '../audit/write-audit.js';
import { DETECTORS } from './detectors.js';

export interface AlertView {
  id: string;
  severity: AlertDoc['severity'];
  title: string;
  details: string;
  /** Who acted, as the console shows a colleague: their name or address; null when no account raised it. */
  actorName: string | null;
  /** Whom it is about (the new admin), by name or address; null when it is about no account. */
  aboutName: string | null;
  raisedAt: string | null;
  /** Whether the owners' mail went out. */
  mailed: boolean;
  acknowledged: { byName: string | null; at: string | null } | null;
}

export interface AlertList {
  alerts: AlertView[];
  /** What each detector watches and its threshold, in words. */
  detectors: string[];
}

const LIST_LIMIT = 100;

/** The tenant's alerts, newest first (the last 100), with the names of the accounts involved. */
export async function listAlerts(deps: Deps, tenantId: string): Promise<AlertList> {
  const snap = await col(deps.db, 'alerts', { tenantId }).orderBy('raisedAt', 'desc').limit(LIST_LIMIT).get();
  const docs = snap.docs.map((d) => ({ id: d.id, data: d.data() }));
  const uids = [...new Set(docs.flatMap(({ data }) => [data.actor, data.about, data.acknowledgedBy]).filter((u): u is string => Boolean(u)))];
  const names = new Map<string, string>();
  for (let i = 0; i < uids.length; i += 100) {
    const found = await deps.auth.getUsers(uids.slice(i, i + 100).map((uid) => ({ uid })));
    for (const u of found.users) names.set(u.uid, u.displayName?.trim() || u.email || 'a Herald account');
  }
  const mailIds = [...new Set(docs.map(({ data }) => data.mailId).filter((m): m is string => Boolean(m)))];
  const sent = new Set<string>();
  if (mailIds.length) {
    const refs = mailIds.map((mailId) => doc(deps.db, 'outbox', { tenantId, mailId }));
    for (const s of await deps.db.getAll(...refs)) if (s.get('status') === 'sent') sent.add(s.id);
  }
  const nameOf = (uid: string | null) => (uid ? (names.get(uid) ?? 'a removed account') : null);
  return {
    alerts: docs.map(({ id, data }) => ({
      id,
      severity: data.severity,
      title: data.title,
      details: data.details,
      actorName: nameOf(data.actor),
      aboutName: nameOf(data.about ?? null),
      raisedAt: toIso(data.raisedAt),
      mailed: data.mailId ? sent.has(data.mailId) : false,
      acknowledged: data.acknowledgedAt ? { byName: nameOf(data.acknowledgedBy), at: toIso(data.acknowledgedAt) } : null,
    })),
    detectors: DETECTORS.map((d) => d.watches),
  };
}

/** Marks an alert of the caller's tenant acknowledged, with the audit entry in the same transaction; once. */
export async function acknowledgeAlert(deps: Deps, input: { tenantId: string; alertId: string; actor: { uid: string; role: Role } }): Promise<{ id: string; acknowledged: true }> {
  const ref = doc(deps.db, 'alerts', { tenantId: input.tenantId, alertId: input.alertId });
  const tenantRef = doc(deps.db, 'tenants', { tenantId: input.tenantId });
  await deps.db.runTransaction(async (tx) => {
    const [snap, tenant] = await Promise.all([tx.get(ref), tx.get(tenantRef)]);
    const alert = snap.data();
    if (!alert) throw new AppError('not_found', 'This alert does not exist (it may have expired).');
    if (alert.acknowledgedAt) return;
    tx.update(ref, { acknowledgedBy: input.actor.uid, acknowledgedAt: deps.now() });
    writeAuditIn(tx, deps, tenant.data(), { tenantId: input.tenantId, actor: input.actor, action: 'alerts.acknowledge', target: { type: 'alert', id: input.alertId } });
  });
  return { id: input.alertId, acknowledged: true };
}
