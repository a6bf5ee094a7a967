import * as z from 'zod';
import { zTime } from './time.js';

/** Days an alert is kept: long enough to look back on a year of them. */
export const ALERT_RETENTION_DAYS = 400;

export const ALERT_SEVERITIES = ['warning', 'critical'] as const;

/**
 * One alert a detector raised (alerts/detectors.ts). Id: a hash of the detector and its
 * deduplication key, so one burst, one role change or one held sync is one alert however many
 * scans see it. `actor`: the account whose actions raised it, if any (an id; the console shows
 * the name). `facts`: counts and options, never a name or an address.
 */
export const alertSchema = z.object({
  detector: z.string().max(60),
  severity: z.enum(ALERT_SEVERITIES),
  title: z.string().max(200),
  details: z.string().max(2000),
  facts: z.record(z.string(), z.union([z.string().max(200), z.number()])).default({}),
  actor: z.string().max(128).nullable(),
  /** The account the alert is about (the new admin), if any: an id, named in the console only. */
  about: z.string().max(128).nullable().default(null),
  source: z.object({ type: z.enum(['audit', 'job', 'hook']), id: z.string().max(128) }),
  mailId: z.string().max(40).nullable(),
  raisedAt: zTime,
  acknowledgedBy: z.string().max(128).nullable(),
  acknowledgedAt: zTime.nullable(),
  expireAt: zTime,
});
export type AlertDoc = z.infer<typeof alertSchema>;
