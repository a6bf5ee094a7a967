import * as z from 'zod';

/**
 * What the console's template designer saves beside the HTML it generates, so the template reopens
 * in the designer. The HTML stays the source of truth for rendering; this is the form's state.
 */
export const DESIGN_LAYOUTS = ['logo-left', 'logo-top', 'compact'] as const;
/** The directory fields a design can show (`name` is first and last name). */
export const DESIGN_FIELDS = ['name', 'title', 'workPhone', 'mobilePhone', 'email', 'address', 'banner'] as const;
/** Neutral social glyphs Herald draws itself (no third-party marks): served as PNG from the console. */
export const SOCIAL_KINDS = ['website', 'network', 'video', 'photos', 'chat'] as const;

const webUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\/[^\s/]+/i.test(v), { message: 'must be a web address starting with https://' });

export const templateDesignSchema = z
  .object({
    version: z.literal(1),
    layout: z.enum(DESIGN_LAYOUTS),
    /** The logo image and its own size in pixels; the layout scales it into its box (email clients need both numbers). */
    logo: z.object({ url: webUrl, width: z.number().int().min(1).max(10_000), height: z.number().int().min(1).max(10_000) }).strict().nullable(),
    companyName: z.string().trim().max(120),
    websiteUrl: webUrl.nullable(),
    brandColor: z.string().regex(/^#[0-9a-f]{6}$/i, { message: 'must be a colour like #1a73e8' }),
    fields: z.array(z.enum(DESIGN_FIELDS)).max(DESIGN_FIELDS.length),
    social: z.array(z.object({ kind: z.enum(SOCIAL_KINDS), url: webUrl }).strict()).max(8),
    legal: z.string().trim().max(600),
  })
  .strict();
export type TemplateDesign = z.infer<typeof templateDesignSchema>;
export type DesignLayout = (typeof DESIGN_LAYOUTS)[number];
export type DesignField = (typeof DESIGN_FIELDS)[number];
export type SocialKind = (typeof SOCIAL_KINDS)[number];
