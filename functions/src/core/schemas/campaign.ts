import { z } from 'zod';
import { zTime } from './time.js';
import { httpUrlSchema } from './tenant.js';

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
    notification: notificationSchema.optional(),
    createdAt: zTime,
    updatedAt: zTime,
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'banner' && !c.banner) ctx.addIssue({ code: 'custom', path: ['banner'], message: 'is required for a banner campaign' });
    if (c.kind === 'notification' && !c.notification) ctx.addIssue({ code: 'custom', path: ['notification'], message: 'is required for a notification campaign' });
  });
export type CampaignDoc = z.infer<typeof campaignSchema>;
