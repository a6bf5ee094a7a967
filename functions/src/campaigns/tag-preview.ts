import * as z from 'zod';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { labelled } from '../core/field-labels.js';
import { campaignUtmSchema, MAX_VARIANTS, variantIdSchema } from '../core/schemas/campaign.js';
import { httpUrlSchema } from '../core/schemas/tenant.js';
import { utmParams, utmSettingsOf, withUtm, type UtmSettings } from '../tracking/utm.js';

/**
 * What a click on a campaign's banner opens once tagged, for the campaign editor to show while the
 * admin types (POST /api/campaigns/tag-preview): the same functions the redirect runs
 * (tracking/utm.ts), the tenant's defaults under the campaign's own values. Nothing is stored; the
 * answer holds only the destinations and names the editor sent and the tenant's tag settings.
 */
export const tagPreviewBody = labelled(
  z
    .object({
      name: z.string().trim().min(1).max(120),
      utm: campaignUtmSchema.strict().optional(),
      links: z
        .array(z.object({ destinationUrl: httpUrlSchema, variantId: variantIdSchema.nullable().default(null) }).strict())
        .min(1)
        .max(MAX_VARIANTS),
    })
    .strict(),
  {
    name: 'Campaign name',
    utm: 'Campaign tags (UTM)',
    'utm.source': 'Campaign source tag (utm_source)',
    'utm.medium': 'Campaign medium tag (utm_medium)',
    'utm.campaign': 'Campaign name tag (utm_campaign)',
    links: 'Banner links',
    'links.destinationUrl': 'Banner link',
    'links.variantId': 'Variant short name',
  },
);

/** POST /api/campaigns/tag-preview. */
export interface TagPreview {
  /** Whether the tenant adds tags at all (Overview settings); the links show them as they would be. */
  enabled: boolean;
  /** The tenant's defaults, under the campaign's own values. */
  defaults: Pick<UtmSettings, 'source' | 'medium'>;
  links: { variantId: string | null; url: string }[];
}

export async function tagPreview(deps: Deps, tenantId: string, body: z.output<typeof tagPreviewBody>): Promise<TagPreview> {
  const tenant = await doc(deps.db, 'tenants', { tenantId }).get();
  const settings = utmSettingsOf(tenant.get('settings.utm') as Partial<UtmSettings> | undefined);
  const campaign = { name: body.name, ...(body.utm ? { utm: body.utm } : {}) };
  return {
    enabled: settings.enabled,
    defaults: { source: settings.source, medium: settings.medium },
    links: body.links.map((l) => ({ variantId: l.variantId, url: withUtm(l.destinationUrl, utmParams({ ...settings, enabled: true }, campaign, l.variantId)) })),
  };
}
