import * as z from 'zod';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { httpUrlSchema, utmValueSchema } from '../core/schemas/tenant.js';
import { assertLinkTargets } from '../trust/destinations.js';
import { getTenant } from './tenant-view.js';
import { labelled } from '../core/field-labels.js';

/** What an admin may change about the tenant here (retention has its own route, with its maxima). */
export const tenantSettingsBody = z
  .object({
    fallbackUrl: httpUrlSchema.nullable().optional(),
    gmailSignatures: z.boolean().optional(),
    gmailDriftPolicy: z.enum(['restore', 'report']).optional(),
    recipientTracking: z.object({ enabled: z.boolean() }).strict().optional(),
    /** Banner clicks' UTM defaults (campaigns may override source and medium). */
    utm: z
      .object({ enabled: z.boolean().optional(), source: utmValueSchema.optional(), medium: utmValueSchema.optional() })
      .strict()
      .refine((u) => Object.keys(u).length > 0, 'send at least one of enabled, source, medium')
      .optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'send at least one setting');
labelled(tenantSettingsBody, {
  '': 'Settings',
  fallbackUrl: 'Fallback page',
  gmailSignatures: 'Gmail signatures',
  gmailDriftPolicy: 'Signatures changed in Gmail',
  'recipientTracking.enabled': 'Recipient tracking',
  utm: 'Campaign tags (UTM)',
  'utm.enabled': 'Add campaign tags to banner links',
  'utm.source': 'Source tag (utm_source)',
  'utm.medium': 'Medium tag (utm_medium)',
});

export async function updateSettings(deps: Deps, tenantId: string, body: z.output<typeof tenantSettingsBody>) {
  await assertLinkTargets(deps, tenantId, { pages: { 'body.fallbackUrl': body.fallbackUrl } });
  const update: Record<string, unknown> = { updatedAt: deps.now() };
  if (body.fallbackUrl !== undefined) update['settings.fallbackUrl'] = body.fallbackUrl;
  if (body.gmailSignatures !== undefined) update['settings.gmailSignatures'] = body.gmailSignatures;
  if (body.gmailDriftPolicy !== undefined) update['settings.gmailDriftPolicy'] = body.gmailDriftPolicy;
  if (body.recipientTracking) update['settings.recipientTracking.enabled'] = body.recipientTracking.enabled;
  for (const [key, value] of Object.entries(body.utm ?? {})) if (value !== undefined) update[`settings.utm.${key}`] = value;
  const ref = doc(deps.db, 'tenants', { tenantId });
  if (!(await ref.get()).exists) throw new AppError('not_found', 'tenant not found');
  await ref.update(update);
  return getTenant(deps, tenantId);
}
