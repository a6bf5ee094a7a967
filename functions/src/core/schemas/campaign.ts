import * as z from 'zod';
import { zTime } from './time.js';
import { httpUrlSchema, utmValueSchema } from './tenant.js';

export const CAMPAIGN_KINDS = ['banner', 'notification'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const bannerSchema = z.object({
  /** Public URL of the banner image (https in production). */
  imageUrl: httpUrlSchema,
  /** Where a click goes; http(s) only. Links carry the campaign id, never this URL. */
  destinationUrl: httpUrlSchema,
  alt: z.string().trim().max(200).default(''),
  width: z.number().int().min(1).max(2000).optional(),
  height: z.number().int().min(1).max(2000).optional(),
});

/** A variant's id: a short slug, the key of its counts on the counter shards and its `utm_content`. */
export const variantIdSchema = z.string().trim().regex(/^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/, 'must be a short slug: lower-case letters, digits and hyphens, e.g. blue-button');

/** One banner of an A/B test: who gets it is a stable hash of campaign and employee (campaigns/variant-assignment.ts). */
export const variantSchema = z.object({
  id: variantIdSchema,
  name: z.string().trim().min(1).max(60),
  /** Relative share of employees (1-100); equal weights split them evenly. */
  weight: z.number().int().min(1).max(100).default(1),
  banner: bannerSchema,
});
export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 4;

/**
 * A banner A/B test (issue 24). While it runs, each employee's signature shows their variant and
 * their links redirect to it; `endedAt` set: the winner became the campaign's `banner` and every
 * link, whichever variant it was sent with, shows and leads to the winner. The variants stay for the report.
 */
export const abTestSchema = z.object({
  variants: z.array(variantSchema).min(MIN_VARIANTS).max(MAX_VARIANTS),
  /**
   * Set when the test starts (absent on tests stored before): scopes its counts on the shards
   * (counter-shape.ts variantCountKey), so a later test of the same campaign never adds to them.
   */
  testId: z.string().regex(/^[a-z0-9]{8}$/).optional(),
  /** When the test started (absent on tests stored before): the report reads its days from here. */
  startedAt: zTime.optional(),
  endedAt: zTime.nullable().default(null),
  winnerId: variantIdSchema.nullable().default(null),
});

/** UTM parameters of a campaign's clicks; unset fields take the tenant's defaults (settings.utm). */
export const campaignUtmSchema = z.object({
  source: utmValueSchema.optional(),
  medium: utmValueSchema.optional(),
  /** Default: a slug of the campaign's name. */
  campaign: utmValueSchema.optional(),
});

export const notificationSchema = z.object({
  title: z.string().trim().min(1).max(150),
  body: z.string().trim().max(5000).default(''),
  linkUrl: httpUrlSchema.nullable().default(null),
  videoUrl: httpUrlSchema.nullable().default(null),
  /** Each kind of receipt can be switched off; then nothing is stored for it. */
  tracking: z.object({ seen: z.boolean().default(true), clicked: z.boolean().default(true), liked: z.boolean().default(true) }).default({ seen: true, clicked: true, liked: true }),
});

export const campaignSchema = z
  .object({
    kind: z.enum(CAMPAIGN_KINDS),
    name: z.string().trim().min(1).max(120),
    status: z.enum(['draft', 'active', 'archived']).default('active'),
    startAt: zTime,
    /** null: runs until stopped. */
    endAt: zTime.nullable().default(null),
    /** Group names; empty means everyone. */
    targetGroups: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    /** Higher wins; equal priorities rotate. */
    priority: z.number().int().min(0).max(100).default(50),
    banner: bannerSchema.optional(),
    abTest: abTestSchema.optional(),
    utm: campaignUtmSchema.optional(),
    notification: notificationSchema.optional(),
    createdAt: zTime,
    updatedAt: zTime,
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'banner' && !c.banner) ctx.addIssue({ code: 'custom', path: ['banner'], message: 'is required for a banner campaign' });
    if (c.kind === 'notification' && !c.notification) ctx.addIssue({ code: 'custom', path: ['notification'], message: 'is required for a notification campaign' });
  });
export type CampaignDoc = z.infer<typeof campaignSchema>;
