import * as z from 'zod';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { RETENTION_MAX_DAYS } from '../core/schemas/tenant.js';
import { labelled } from '../core/field-labels.js';

/** Tenants may shorten (or restore up to the product maximum) the retention of audit entries and recipient clicks. */
export const retentionBody = z
  .object({
    auditRetentionDays: z.number().int().min(30, 'must be at least 30 days').max(RETENTION_MAX_DAYS.audit, `must be at most ${RETENTION_MAX_DAYS.audit} days (product maximum)`).optional(),
    recipientClickRetentionDays: z
      .number()
      .int()
      .min(1, 'must be at least 1 day')
      .max(RETENTION_MAX_DAYS.recipientClicks, `must be at most ${RETENTION_MAX_DAYS.recipientClicks} days (product maximum)`)
      .optional(),
  })
  .strict()
  .refine((b) => b.auditRetentionDays !== undefined || b.recipientClickRetentionDays !== undefined, { message: 'send at least one setting', path: ['auditRetentionDays'] });
labelled(retentionBody, {
  '': 'Retention',
  auditRetentionDays: 'Audit log retention (days)',
  recipientClickRetentionDays: 'Recipient click retention (days)',
});

/** PATCH /api/privacy/retention: the retention now in force, and the product maxima. */
export interface RetentionView {
  auditRetentionDays: number;
  recipientClickRetentionDays: number;
  maximum: { auditRetentionDays: number; recipientClickRetentionDays: number };
}

/**
 * New documents take the new retention at once (their `expireAt`); older ones are removed by the
 * next daily sweep, which applies the tenant's setting to each entry's write-time field.
 */
export async function setRetention(deps: Deps, tenantId: string, body: z.output<typeof retentionBody>): Promise<RetentionView> {
  const ref = doc(deps.db, 'tenants', { tenantId });
  const update: Record<string, unknown> = { updatedAt: deps.now() };
  if (body.auditRetentionDays !== undefined) update['settings.auditRetentionDays'] = body.auditRetentionDays;
  if (body.recipientClickRetentionDays !== undefined) update['settings.recipientTracking.retentionDays'] = body.recipientClickRetentionDays;
  await ref.update(update);
  const settings = (await ref.get()).data()?.settings;
  if (!settings) throw new AppError('not_found', 'tenant not found');
  return { auditRetentionDays: settings.auditRetentionDays, recipientClickRetentionDays: settings.recipientTracking.retentionDays, maximum: { auditRetentionDays: RETENTION_MAX_DAYS.audit, recipientClickRetentionDays: RETENTION_MAX_DAYS.recipientClicks } };
}
