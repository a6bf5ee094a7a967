import * as z from 'zod';
import { zTime } from './time.js';

/**
 * Data-subject requests (GDPR Art. 15–22) that a tenant's admins log, answer and close within the
 * Art. 12(3) deadline. Two documents per request, split by what may outlive the person's erasure:
 * - the request record (`dataSubjectRequests`): type, dates, deadline, answers and outcome, with
 *   pseudonymous ids only (the directory id, pseudonymised on erasure, and a keyed hash of the
 *   address). It is the controller's proof that the request was answered in time (Art. 5(2),
 *   Art. 17(3)(b) and (e)), kept after the person's erasure;
 * - the person's contact (`dataSubjectContacts`, same id): address, name and the admin's note,
 *   deleted with the person's erasure and sooner than the record.
 */
export const DSR_TYPES = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability'] as const;
export type DsrType = (typeof DSR_TYPES)[number];

export const DSR_CHANNELS = ['email', 'web_form', 'letter', 'phone', 'in_person', 'other'] as const;
export type DsrChannel = (typeof DSR_CHANNELS)[number];

/** How a request ended: answered (with its export or erasure linked where it needs one), no data held, refused (with the reason, Art. 12(4)), withdrawn. */
export const DSR_OUTCOMES = ['answered', 'no_data', 'refused', 'withdrawn'] as const;
export type DsrOutcome = (typeof DSR_OUTCOMES)[number];

/** Who the person is for this tenant: in its directory, on one of its verified domains but not in the directory, or anyone else. */
export const DSR_PERSON_KINDS = ['employee', 'colleague', 'external'] as const;
export type DsrPersonKind = (typeof DSR_PERSON_KINDS)[number];

/** A calendar day, `YYYY-MM-DD`: receipt and deadlines are days, not instants (dsr/deadline.ts). */
export const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const dsrLinkSchema = z.object({
  kind: z.enum(['export', 'erasure']),
  /** The export's audit entry, or the erasure's deletion certificate. */
  ref: z.string().max(200),
  /** The purge job of an erasure (its progress), when known. */
  jobId: z.string().max(128).nullable(),
  /** `from_request`: run from the request, so linked by construction; `by_hand`: an earlier one an admin linked. */
  how: z.enum(['from_request', 'by_hand']),
  at: zTime,
});
export type DsrLink = z.infer<typeof dsrLinkSchema>;

export const dsrSchema = z.object({
  type: z.enum(DSR_TYPES),
  personKind: z.enum(DSR_PERSON_KINDS),
  /** The directory user, while they exist (pseudonymised by their erasure). */
  subjectUserId: z.string().max(128).nullable(),
  /** Keyed hash of the person's address (the recipient hash): proves whose request this was without keeping the address. */
  subjectHash: z.string().regex(/^[a-f0-9]{64}$/),
  channel: z.enum(DSR_CHANNELS),
  receivedOn: calendarDay,
  /** One month after receipt (Art. 12(3)). */
  originalDeadline: calendarDay,
  /** The deadline in force: the original one, or the extended one. */
  deadline: calendarDay,
  /** The deadline while open, null once closed: what is due is one range query on this field, ordered by it. */
  openDeadline: calendarDay.nullable(),
  extension: z.object({ months: z.union([z.literal(1), z.literal(2)]), reason: z.string().max(500), at: zTime }).nullable(),
  links: z.array(dsrLinkSchema).max(20),
  status: z.enum(['open', 'closed']),
  outcome: z.enum(DSR_OUTCOMES).nullable(),
  /** Why it was refused (kept as proof: no personal details). */
  outcomeReason: z.string().max(500).nullable(),
  createdBy: z.string().max(128),
  createdAt: zTime,
  closedBy: z.string().max(128).nullable(),
  closedAt: zTime.nullable(),
  /** Null while open: the retention runs from closing. */
  expireAt: zTime.nullable(),
});
export type DsrDoc = z.infer<typeof dsrSchema>;

export const dsrContactSchema = z.object({
  email: z.string().max(254),
  name: z.string().max(200),
  note: z.string().max(2000),
  /** The directory user, so their erasure and export find this contact. */
  userId: z.string().max(128).nullable(),
  /** The recipient hash of the address, so a recipient erasure finds it. */
  emailHash: z.string().regex(/^[a-f0-9]{64}$/),
  createdAt: zTime,
  /** Null while the request is open. */
  expireAt: zTime.nullable(),
});
export type DsrContactDoc = z.infer<typeof dsrContactSchema>;

/** Days the request record is kept after closing, and the contact. */
export const DSR_RECORD_RETENTION_DAYS = 3 * 365;
export const DSR_CONTACT_RETENTION_DAYS = 365;
