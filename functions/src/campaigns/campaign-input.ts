import * as z from 'zod';
import { bannerSchema, CAMPAIGN_KINDS, campaignUtmSchema, MAX_VARIANTS, MIN_VARIANTS, notificationSchema, variantSchema } from '../core/schemas/campaign.js';
import { labelled } from '../core/field-labels.js';

const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-04-01T00:00:00Z' }).transform((s) => new Date(s));
/** The campaign editor's words for each field (core/field-labels.ts). */
const CAMPAIGN_LABELS = {
  kind: 'Campaign type',
  name: 'Campaign name',
  status: 'Status',
  startAt: 'Start',
  endAt: 'End',
  targetGroups: 'Target groups',
  priority: 'Priority',
  banner: 'Banner',
  'banner.imageUrl': 'Banner image',
  'banner.destinationUrl': 'Banner link',
  'banner.alt': 'Banner description (alt text)',
  'banner.width': 'Banner width',
  'banner.height': 'Banner height',
  abTest: 'A/B test',
  'abTest.variants': 'Variants',
  'abTest.variants.id': 'Variant short name',
  'abTest.variants.name': 'Variant name',
  'abTest.variants.weight': 'Variant share',
  'abTest.variants.banner': 'Variant banner',
  'abTest.variants.banner.imageUrl': 'Variant banner image',
  'abTest.variants.banner.destinationUrl': 'Variant banner link',
  'abTest.variants.banner.alt': 'Variant banner description (alt text)',
  'abTest.variants.banner.width': 'Variant banner width',
  'abTest.variants.banner.height': 'Variant banner height',
  utm: 'Campaign tags (UTM)',
  'utm.source': 'Campaign source tag (utm_source)',
  'utm.medium': 'Campaign medium tag (utm_medium)',
  'utm.campaign': 'Campaign name tag (utm_campaign)',
  notification: 'Notification',
  'notification.title': 'Notification title',
  'notification.body': 'Notification text',
  'notification.linkUrl': 'Notification link',
  'notification.videoUrl': 'Notification video',
  'notification.tracking': 'Receipts to record',
  'notification.tracking.seen': 'Record when seen',
  'notification.tracking.clicked': 'Record clicks',
  'notification.tracking.liked': 'Record likes',
};

/** An A/B test as an editor sends it: two to four variants; the test's end is its own route. */
const abTestInput = z
  .object({ variants: z.array(variantSchema.strict()).min(MIN_VARIANTS, `needs at least ${MIN_VARIANTS} variants`).max(MAX_VARIANTS, `takes at most ${MAX_VARIANTS} variants`) })
  .strict();
const utmInput = campaignUtmSchema.strict();

const groups = z.array(z.string().trim().min(1).max(200)).max(50);

/** What an editor sends to create a campaign: times as ISO strings, the kind's own block required. */
export const campaignCreateBody = z
  .object({
    kind: z.enum(CAMPAIGN_KINDS),
    name: z.string().trim().min(1).max(120),
    status: z.enum(['draft', 'active', 'archived']).default('active'),
    startAt: isoTime,
    endAt: isoTime.nullable().default(null),
    targetGroups: groups.default([]),
    priority: z.number().int().min(0).max(100).default(50),
    banner: bannerSchema.optional(),
    abTest: abTestInput.optional(),
    utm: utmInput.optional(),
    notification: notificationSchema.optional(),
  })
  .strict();
labelled(campaignCreateBody, CAMPAIGN_LABELS);

/** A partial update; the kind cannot change, and `banner` / `notification` replace the whole block. */
export const campaignPatchBody = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    status: z.enum(['draft', 'active', 'archived']).optional(),
    startAt: isoTime.optional(),
    endAt: isoTime.nullable().optional(),
    targetGroups: groups.optional(),
    priority: z.number().int().min(0).max(100).optional(),
    banner: bannerSchema.optional(),
    /** null: drop a test that has not ended (the campaign keeps its banner). */
    abTest: abTestInput.nullable().optional(),
    utm: utmInput.nullable().optional(),
    notification: notificationSchema.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'send at least one field to change' });
labelled(campaignPatchBody, { '': 'Campaign', ...CAMPAIGN_LABELS });

export const listCampaignsQuery = z.object({ kind: z.enum(CAMPAIGN_KINDS).optional() });

/** Cross-field rules, checked on the merged campaign so a patch cannot break them: field → problem. */
export function campaignProblems(c: {
  kind: string;
  startAt: Date;
  endAt: Date | null;
  banner?: unknown;
  notification?: unknown;
  abTest?: { variants: readonly { id: string; name: string }[] } | undefined;
}): string[] {
  const problems: string[] = [];
  if (c.abTest) {
    if (c.kind !== 'banner') problems.push('body.abTest: only banner campaigns can test variants');
    const ids = c.abTest.variants.map((v) => v.id);
    const names = c.abTest.variants.map((v) => v.name.toLowerCase());
    ids.forEach((id, i) => ids.indexOf(id) !== i && problems.push(`body.abTest.variants.${i}.id: "${id}" is used by another variant`));
    names.forEach((n, i) => names.indexOf(n) !== i && problems.push(`body.abTest.variants.${i}.name: another variant has this name`));
  }
  if (c.endAt && c.endAt.getTime() <= c.startAt.getTime()) problems.push('body.endAt: must be after startAt');
  if (c.kind === 'banner' && !c.banner) problems.push('body.banner: is required for a banner campaign');
  if (c.kind === 'banner' && c.notification) problems.push('body.notification: only notification campaigns have one');
  if (c.kind === 'notification' && !c.notification) problems.push('body.notification: is required for a notification campaign');
  if (c.kind === 'notification' && c.banner) problems.push('body.banner: only banner campaigns have one');
  return problems;
}
