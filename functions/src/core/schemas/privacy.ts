import * as z from 'zod';
import { zTime } from './time.js';
import { PURGE_REASONS } from './purge-payload.js';

/**
 * A deletion certificate: what a purge erased (categories and counts), when, and on whose
 * instruction. It holds no personal data, lives outside the tenant's subtree, and so outlives it.
 */
export const deletionSchema = z.object({
  tenantId: z.string().max(128),
  status: z.enum(['running', 'done']),
  subject: z.object({ kind: z.enum(['users', 'recipient', 'campaign', 'tenant']), count: z.number().int().min(0) }),
  reason: z.enum(PURGE_REASONS),
  /** Who gave the instruction, as a role: never an id or a name. */
  instructedBy: z.string().max(200),
  /** Personal-data categories (catalog keys) that were erased. */
  categories: z.array(z.string().max(40)),
  /** Per catalog collection: documents deleted (or the subject's own entries deleted from shared ones) and documents pseudonymised. */
  collections: z.record(z.string(), z.object({ deleted: z.number().int().min(0), pseudonymised: z.number().int().min(0) })),
  authAccountsDeleted: z.number().int().min(0),
  storedFilesDeleted: z.number().int().min(0),
  /** Collections whose erasure the catalog declares as none, with why. */
  retained: z.record(z.string(), z.string().max(300)).default({}),
  /** True once the catalog walk after the erasure found nothing of the subject left. */
  verified: z.boolean(),
  requestedAt: zTime,
  completedAt: zTime.nullable(),
  expireAt: zTime,
});
export type DeletionDoc = z.infer<typeof deletionSchema>;

/** A seen webhook signature: a replay of the same signed request is refused until it expires. */
export const webhookNonceSchema = z.object({ receivedAt: zTime, expireAt: zTime });

/** One finished part of a tenant export: a gzip-compressed JSON-lines file of one collection. */
export const exportPartSchema = z.object({
  collection: z.string().max(100),
  part: z.number().int().min(1),
  name: z.string().max(200),
  documents: z.number().int().min(0),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Path of the part's last document: a resumed export starts after it (never shown to the customer). */
  last: z.string().max(1500),
});

/**
 * A tenant export's manifest and its checkpoint, one document: each finished part is recorded in
 * the same write that moves the cursor past it, so a re-run never writes a document twice nor
 * skips one.
 */
export const exportSchema = z.object({
  status: z.enum(['running', 'done']),
  jobId: z.string().max(128),
  createdBy: z.string().max(128),
  /** The collections to export, in order, fixed when the export starts. */
  plan: z.array(z.string().max(100)).default([]),
  parts: z.array(exportPartSchema).default([]),
  /** Where the export stands: the collection in progress and the last document written (null at its start); null once done. */
  cursor: z.object({ collection: z.string().max(100), after: z.string().max(1500).nullable() }).nullable().default(null),
  /** Documents written so far. */
  documents: z.number().int().min(0).default(0),
  createdAt: zTime,
  completedAt: zTime.nullable(),
  expireAt: zTime,
});
export type ExportDoc = z.infer<typeof exportSchema>;

/** One line of a monthly access review: an account's role and when it last acted. */
export const accessReviewSchema = z.object({
  review: z.string().regex(/^\d{4}-\d{2}$/),
  uid: z.string().max(128),
  role: z.string().max(20),
  lastActedAt: zTime.nullable(),
  lastSignInAt: zTime.nullable(),
  /** Owner or admin who has not acted for 90 days: a candidate for removal. */
  flagged: z.boolean(),
  at: zTime,
  expireAt: zTime,
});
