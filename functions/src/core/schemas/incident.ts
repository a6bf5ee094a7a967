import * as z from 'zod';
import { zTime } from './time.js';

/**
 * Personal-data breaches (GDPR Art. 33): what Herald, as processor, tells each affected customer.
 * Every document here is written once and never rewritten (the catalog marks these collections
 * append-only): a record is created whole, and what is learnt later is a new update entry.
 */

/** Five years: the customer's own Art. 33(5) documentation outlives most audits. */
export const INCIDENT_RETENTION_DAYS = 1825;

export const INCIDENT_STATUSES = ['open', 'contained', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Herald's contact point for the incident (a desk, not one of the customer's people). */
const contactSchema = z.object({ name: z.string().max(200), email: z.string().max(320), phone: z.string().max(40).nullable() });

/** The facts of an incident as first recorded. */
const factsShape = {
  title: z.string().min(1).max(200),
  whatHappened: z.string().min(1).max(5000),
  /** Personal-data categories concerned: keys of PERSONAL_DATA_CATEGORIES in core/catalog.ts. */
  categories: z.array(z.string().max(40)).max(20),
  approxPeople: z.number().int().min(0).nullable(),
  approxRecords: z.number().int().min(0).nullable(),
  likelyConsequences: z.string().max(5000),
  measures: z.string().max(5000),
  contact: contactSchema,
  detectedAt: zTime,
  /** When the operator recorded it. */
  recordedAt: zTime,
};

/** Facts an update may revise (only those it names). */
export const incidentChangesSchema = z.object({
  categories: z.array(z.string().max(40)).max(20).optional(),
  approxPeople: z.number().int().min(0).nullable().optional(),
  approxRecords: z.number().int().min(0).nullable().optional(),
  likelyConsequences: z.string().max(5000).optional(),
  measures: z.string().max(5000).optional(),
});

/** Herald's own register of an incident: its facts and exactly the tenants it reaches. */
export const operatorIncidentSchema = z.object({ ...factsShape, tenantIds: z.array(z.string().max(128)).min(1).max(5000), expireAt: zTime });
export type OperatorIncidentDoc = z.infer<typeof operatorIncidentSchema>;

/** An update in Herald's register: its time is fixed once, so every tenant's copy shows the same. */
export const operatorIncidentUpdateSchema = z.object({
  /** The incident it updates (operatorIncidents/{incidentId}). */
  incidentId: z.string().max(128),
  at: zTime,
  summary: z.string().min(1).max(5000),
  status: z.enum(INCIDENT_STATUSES).nullable(),
  changes: incidentChangesSchema,
  expireAt: zTime,
});
export type OperatorIncidentUpdateDoc = z.infer<typeof operatorIncidentUpdateSchema>;

/** One tenant's copy: the facts, with when its owners were notified; no other tenant is named. */
export const incidentSchema = z.object({ ...factsShape, notifiedAt: zTime, expireAt: zTime });
export type IncidentDoc = z.infer<typeof incidentSchema>;

/** One tenant's copy of an update, with when its owners were notified of it. */
export const incidentUpdateSchema = operatorIncidentUpdateSchema.extend({ notifiedAt: zTime });
export type IncidentUpdateDoc = z.infer<typeof incidentUpdateSchema>;
