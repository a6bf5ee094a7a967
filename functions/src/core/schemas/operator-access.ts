import * as z from 'zod';
import { zTime } from './time.js';

/**
 * The areas of a tenant an operator may ask to look into: the one list. The access request's
 * scope, the operator routes' `operatorArea` (http/route.ts) and the console's words all take
 * these names, so a route cannot name an area no request can grant.
 */
export const OPERATOR_AREAS = {
  settings: 'Organisation settings',
  directory: 'Directory (employees and their details)',
  jobs: 'Background jobs (syncs, exports, erasures)',
  audit: 'Audit log',
  deployment: 'Signature deployment status',
} as const;
export type OperatorArea = keyof typeof OPERATOR_AREAS;
export const OPERATOR_AREA_NAMES = Object.keys(OPERATOR_AREAS) as [OperatorArea, ...OperatorArea[]];

/** The longest an approval can last: three days. */
export const OPERATOR_ACCESS_MAX_HOURS = 72;
/** A request nobody decided on lapses after this long: the operator asks again. */
export const OPERATOR_REQUEST_PENDING_HOURS = 72;
/** How long the record of a request and its decision is kept (accountability). */
export const OPERATOR_ACCESS_RETENTION_DAYS = 400;

export const OPERATOR_ACCESS_STATUSES = ['pending', 'approved', 'denied', 'ended'] as const;
export type OperatorAccessStatus = (typeof OPERATOR_ACCESS_STATUSES)[number];

/**
 * An operator's request to look into one tenant, and the owner's decision. The request is written
 * once; the decision changes only `status`, `decidedBy`, `decidedAt`, `expiresAt` (and `endedBy`,
 * `endedAt` when an owner ends an approval early), each in a transaction with its audit entry.
 * An approval is active while `status` is approved and `expiresAt` is in the future: checked on
 * every operator read, so it expires on its own without a sweep.
 */
export const operatorAccessSchema = z.object({
  operatorUid: z.string().min(1).max(128),
  /** The operator's work address, so the owners know who asks (Herald staff, not the tenant's people). */
  operatorEmail: z.string().max(320).nullable(),
  areas: z.array(z.enum(OPERATOR_AREA_NAMES)).min(1),
  readOnly: z.boolean(),
  reason: z.string().min(1).max(1000),
  hours: z.number().int().min(1).max(OPERATOR_ACCESS_MAX_HOURS),
  status: z.enum(OPERATOR_ACCESS_STATUSES),
  requestedAt: zTime,
  decidedBy: z.string().max(128).nullable(),
  decidedAt: zTime.nullable(),
  /** When an approval ends: decidedAt + hours. Null until approved. */
  expiresAt: zTime.nullable(),
  endedBy: z.string().max(128).nullable().default(null),
  endedAt: zTime.nullable().default(null),
  /** Firestore TTL: the record goes OPERATOR_ACCESS_RETENTION_DAYS after the request. */
  expireAt: zTime,
});
export type OperatorAccessDoc = z.infer<typeof operatorAccessSchema>;
