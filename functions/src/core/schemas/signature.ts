import * as z from 'zod';
import { templateDesignSchema } from './template-design.js';
import { zTime } from './time.js';

/** A signature template: its HTML is stored sanitised (see sanitize-template.ts). No personal data. */
export const templateSchema = z.object({
  name: z.string().trim().min(1).max(120),
  html: z.string().max(50_000),
  /** Optional shorter variant for replies and forwards (the Outlook add-in inserts it there); sanitised like `html`. */
  replyHtml: z.string().max(50_000).nullable().optional(),
  /**
   * Optional variant for mail whose recipients are all colleagues (every one on a verified domain;
   * the Outlook add-in inserts it there); sanitised like `html`. Absent or null: `html` without the banner.
   */
  internalHtml: z.string().max(50_000).nullable().optional(),
  /** The designer's form state when `html` was made by the console's designer (absent or null when written by hand). */
  design: templateDesignSchema.nullable().optional(),
  createdAt: zTime,
  updatedAt: zTime,
});
export type TemplateDoc = z.infer<typeof templateSchema>;

/**
 * Which template applies to whom. One assignment per target (the document id is derived from the
 * target), so assigning again replaces. `userId` is set only for an assignment to one user, as a
 * field so that erasure and export find it with one query. `address` is set only for an assignment
 * to a sending address that is not a person's own mailbox (a shared mailbox, a team alias): the
 * signature used when someone sends as that address (Outlook's From, a Gmail send-as alias).
 */
export const ASSIGNMENT_TARGETS = ['everyone', 'group', 'user', 'address'] as const;
export const assignmentSchema = z
  .object({
    templateId: z.string().max(128),
    target: z.enum(ASSIGNMENT_TARGETS),
    group: z.string().trim().min(1).max(200).nullable(),
    userId: z.string().max(128).nullable(),
    /** Lower case; on one of the tenant's verified domains when it was assigned. */
    address: z.string().max(320).nullable().default(null),
    /** Between group assignments only: higher wins. */
    priority: z.number().int().min(0).max(100).default(50),
    createdAt: zTime,
    updatedAt: zTime,
  })
  .superRefine((a, ctx) => {
    if ((a.target === 'group') !== (a.group !== null)) ctx.addIssue({ code: 'custom', path: ['group'], message: 'is set exactly for group assignments' });
    if ((a.target === 'user') !== (a.userId !== null)) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'is set exactly for user assignments' });
    if ((a.target === 'address') !== (a.address !== null)) ctx.addIssue({ code: 'custom', path: ['address'], message: 'is set exactly for address assignments' });
  });
export type AssignmentDoc = z.infer<typeof assignmentSchema>;

/**
 * What the daily drift check last found changed in Gmail by hand (not by Herald) at one address, and
 * what it did: `restored` (patched back, tenant policy restore) or `reported` (left as it is, policy
 * report). `seenHash` is the sha256 of what Gmail held, so a drift already reported is not written again.
 */
export const driftSchema = z.object({
  at: zTime,
  action: z.enum(['restored', 'reported']),
  seenHash: z.string().length(64),
});
export type DriftDoc = z.infer<typeof driftSchema>;

/**
 * One send-as alias of the user's Gmail besides the primary address (sendAs.list), keyed in
 * `aliases` by aliasKey(address). `skipped_unverified`: not on a domain the tenant proved, or a
 * custom "from" address Gmail has not verified; never pushed.
 */
export const aliasDeploymentSchema = z.object({
  address: z.string().max(320),
  status: z.enum(['deployed', 'failed', 'skipped_unverified']),
  /** sha256 of the HTML Herald sent, and of the HTML Gmail answered it stored (it may rewrite it); null unless deployed. */
  hash: z.string().length(64).nullable(),
  gmailHash: z.string().length(64).nullable(),
  templateId: z.string().max(128).nullable(),
  errorStatus: z.number().int().nullable(),
  reason: z.enum(['gmail_refused', 'signature_too_large', 'image_not_https']).nullable(),
  drift: driftSchema.nullable(),
  at: zTime,
});
export type AliasDeploymentDoc = z.infer<typeof aliasDeploymentSchema>;

/** What was last pushed to a user's Gmail: a hash of the HTML, so unchanged signatures are not pushed again. */
export const deploymentSchema = z.object({
  status: z.enum(['deployed', 'failed']),
  /** sha256 of the pushed HTML; null after a failure. */
  hash: z.string().length(64).nullable(),
  templateId: z.string().max(128).nullable(),
  campaignId: z.string().max(128).nullable(),
  /** The Gmail API's HTTP status on failure; no message text (it may quote the address). */
  errorStatus: z.number().int().nullable().default(null),
  /**
   * Why it failed: Gmail refused it, or Herald did not send it because it is over the signature cap
   * or shows an image Gmail would drop (not at an https:// address; a template saved before that rule).
   */
  reason: z.enum(['gmail_refused', 'signature_too_large', 'image_not_https']).nullable().default(null),
  at: zTime,
  /** sha256 of the primary address's signature as Gmail answered it stored it (the drift check compares with it); null before aliases existed or after a failure. */
  gmailHash: z.string().length(64).nullable().default(null),
  /** The primary address's last drift (see driftSchema); cleared by the next push. */
  drift: driftSchema.nullable().default(null),
  /** The user's other send-as addresses (never the signature, only hashes). */
  aliases: z.record(z.string().max(40), aliasDeploymentSchema).default({}),
  /** The latest drift at any of the user's addresses still on record, so the console can list them; null when none. */
  driftAt: zTime.nullable().default(null),
  /** The primary address it was pushed to (the user's email then), so the drift check reads no user; null in records written before. */
  address: z.string().max(320).nullable().default(null),
});
export type DeploymentDoc = z.infer<typeof deploymentSchema>;
