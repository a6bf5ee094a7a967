import { createHash } from 'node:crypto';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { ALERT_RETENTION_DAYS } from '../core/schemas/alert.js';
import { addDays } from '../core/timestamps.js';
import { outboxId, queueOwnerMail } from '../mail/queue-owner-mail.js';
import type { AlertEvent, Detector, Finding } from './detectors.js';

export function alertIdOf(detector: string, key: string): string {
  return createHash('sha256').update(`${detector}\n${key}`).digest('hex').slice(0, 32);
}

/**
 * Records the finding as an alert, once per detector and key (`create` refuses a second), and
 * queues its mail to the tenant's owners (mail/queue-owner-mail.ts, itself once per alert). A scan
 * that sees an alert already there queues the mail again: a crash between the two heals on retry.
 */
export async function raiseAlert(deps: Deps, tenantId: string, detector: Detector, finding: Finding, event: AlertEvent): Promise<{ alertId: string; created: boolean }> {
  const alertId = alertIdOf(detector.id, finding.key);
  const ref = doc(deps.db, 'alerts', { tenantId, alertId });
  const now = deps.now();
  let created = true;
  try {
    await ref.create({
      detector: detector.id,
      severity: finding.severity,
      title: finding.title,
      details: finding.details,
      facts: finding.facts,
      actor: finding.actor,
      about: finding.about ?? null,
      source: { type: event.type, id: event.id },
      mailId: outboxId('alert', alertId),
      raisedAt: now,
      acknowledgedBy: null,
      acknowledgedAt: null,
      expireAt: addDays(now, ALERT_RETENTION_DAYS),
    });
  } catch (err) {
    if ((err as { code?: unknown }).code !== 6) throw err; // 6: ALREADY_EXISTS
    created = false;
  }
  await queueOwnerMail(deps, tenantId, {
    kind: 'alert',
    ref: alertId,
    subject: `Herald alert: ${finding.title}`.slice(0, 200),
    text: `${finding.details}\n\nReview and acknowledge it on the Alerts screen of Herald's console.\n\nYou receive this because you are an owner of your organisation in Herald.`,
  });
  if (created) deps.log.info('alert raised', { tenantId, alertId, detector: detector.id });
  return { alertId, created };
}
