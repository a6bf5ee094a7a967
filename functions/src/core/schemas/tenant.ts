import * as z from 'zod';
import { REGION_IDS } from '../regions.js';
import { zTime } from './time.js';

export const ROLES = ['owner', 'admin', 'editor', 'viewer', 'user'] as const;
export type Role = (typeof ROLES)[number];

export const TENANT_STATUSES = ['active', 'deleting'] as const;

export const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name, e.g. acme.example');

export const httpUrlSchema = z
  .url({ protocol: /^https?$/, message: 'must be a web address starting with https://' })
  .max(2000);

/** A UTM value (tracking/utm.ts): a name or slug an admin chose, never data about a person. */
export const utmValueSchema = z.string().trim().regex(/^[A-Za-z0-9._~-]{1,60}$/, 'must be 1 to 60 letters, digits, dots, hyphens, underscores or tildes, e.g. email-signature');

/** Product maxima: a tenant may shorten retention, never lengthen it beyond these. */
export const RETENTION_MAX_DAYS = { audit: 730, recipientClicks: 365 } as const;

/** The tenant settings that set a collection's retention, each with its product maximum (the catalog's `tenantSetting`). */
export const RETENTION_SETTING_MAX = { auditRetentionDays: RETENTION_MAX_DAYS.audit, 'recipientTracking.retentionDays': RETENTION_MAX_DAYS.recipientClicks } as const;
export type RetentionSetting = keyof typeof RETENTION_SETTING_MAX;

export const tenantSettingsSchema = z.object({
  /** Days audit entries are kept. */
  auditRetentionDays: z.number().int().min(30).max(RETENTION_MAX_DAYS.audit).default(365),
  /** Where a link goes when its campaign has ended or was deleted: never an error page for a recipient. */
  fallbackUrl: httpUrlSchema.nullable().default(null),
  /** Push rendered signatures to Gmail automatically (Google Workspace tenants): off until an admin turns it on. */
  gmailSignatures: z.boolean().default(false),
  /**
   * When a signature Herald pushed to Gmail was changed there by hand (the daily drift check):
   * `report` only lists it on the deployment screen, `restore` puts Herald's back. Absent means
   * report: turning restore on overwrites what people wrote, which an admin decides, not an upgrade
   * (optional, not defaulted: tenants stored before it have none, and reads apply no defaults).
   */
  gmailDriftPolicy: z.enum(['restore', 'report']).optional(),
  /** Recipient-level click tracking for Gmail: off unless the tenant opts in. */
  recipientTracking: z
    .object({
      enabled: z.boolean().default(false),
      retentionDays: z.number().int().min(1).max(RETENTION_MAX_DAYS.recipientClicks).default(90),
    })
    .default({ enabled: false, retentionDays: 90 }),
  /**
   * UTM parameters added to banner clicks at redirect (tracking/utm.ts): these defaults, a
   * campaign's own values over them, parameters already on the destination over both. Off until
   * an admin turns it on: destinations saved before tagging existed are not changed unasked.
   * Absent on tenants that never set it (read as off, herald / email-signature).
   */
  utm: z
    .object({
      enabled: z.boolean().default(false),
      source: utmValueSchema.default('herald'),
      medium: utmValueSchema.default('email-signature'),
    })
    .optional(),
});

export const tenantSchema = z.object({
  name: z.string().trim().min(1).max(120),
  region: z.enum(REGION_IDS as [string, ...string[]]),
  status: z.enum(TENANT_STATUSES),
  domains: z.array(domainSchema).min(1).max(20),
  directorySource: z.enum(['google', 'microsoft', 'csv']).default('csv'),
  /**
   * Trust bindings (issue 11): the domains the customer proved it owns (DNS TXT, the Google admin's
   * own sign-in, Microsoft admin consent) and the Google customer / Entra tenant bound from that
   * proof, never typed in. Herald acts only on these.
   */
  verifiedDomains: z.array(domainSchema).max(20).optional(),
  googleCustomerId: z.string().max(64).nullable().optional(),
  entraTenantId: z.string().max(64).nullable().optional(),
  settings: tenantSettingsSchema,
  /**
   * Hosts (and their subdomains) a banner or fallback link may lead to besides the verified domains,
   * kept by the tenant's admins (audited): trust/destination-policy.ts.
   */
  allowedDestinationHosts: z.array(domainSchema).max(50).optional(),
  /** Set by Herald's operator only (scripts/suspend-links.md): every tracked link answers a neutral page, nothing redirects. */
  linksSuspended: z.boolean().optional(),
  /** The number tracked-link tokens carry for this tenant (tracking/link-codes.ts); set once, never changed. */
  linkCode: z.number().int().min(1).max(0xffffffff).optional(),
  /**
   * Legacy: the creator's Auth uid, written by onboarding before issue 20. No longer written and
   * never read (roles come from members/{uid} only; the creator is in the tenant.create audit
   * entry); kept so erasure still reaches older tenant documents.
   */
  ownerUid: z.string().max(128).optional(),
  /** Until when the hit queue's drain checks that what queued hits name still exists (a purge's lease: tracking/hit-screen.ts). */
  hitsScreenUntil: zTime.optional(),
  /** Until when queued recipient clicks are not stored (a recipient's purge's lease: tracking/hit-screen.ts). */
  recipientClicksScreenUntil: zTime.optional(),
  /**
   * The last complete Gmail deployment of every user (signatures/deploy-plan.ts): a hash of the
   * tenant-wide inputs it rendered with, and when it started. The daily deployment renders everyone
   * again only when that hash changes; otherwise only users written since `since`, and failures.
   */
  gmailSignatureState: z.object({ inputs: z.string().length(64), since: zTime }).optional(),
  /**
   * The search-key version (core/search-keys.ts) every user of the tenant was last checked against
   * by the backfill: the daily schedule starts a backfill only for a newer version, so a tenant's
   * users are read for it once per version, not again whenever the backfill's job record expires.
   */
  searchKeysVersion: z.number().int().min(1).optional(),
  createdAt: zTime,
  updatedAt: zTime.optional(),
});

export type TenantDoc = z.infer<typeof tenantSchema>;
