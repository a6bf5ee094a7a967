/**
 * The shape of a campaign's counter shard that the redirect writes and the catalog, the reports and
 * privacy read: plain constants, no zod, so the links function loads none of the schemas.
 */

/**
 * Why a hit was not counted as a person (tracking/classify-hit.ts decides): `repeat` is the same
 * client on the same link again within minutes (tracking/client-repeats.ts), `daily_cap` a click
 * past the number one link may count in a day (tracking/link-day-cap.ts).
 */
export const BOT_REASONS = ['head', 'prefetch', 'scanner_referrer', 'no_user_agent', 'user_agent', 'burst', 'repeat', 'daily_cap'] as const;
export type BotReason = (typeof BOT_REASONS)[number];
export const DEVICE_CLASSES = ['desktop', 'mobile', 'tablet', 'email_proxy'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/** The count fields of a campaign counter shard (schemas/tracking.ts), every one present on every shard. */
export const COUNTER_FIELDS: readonly string[] = [
  'views',
  'clicks',
  'botViews',
  'botClicks',
  ...(['view', 'click'] as const).flatMap((a) => BOT_REASONS.map((r) => `botReasons.${a}.${r}`)),
  ...DEVICE_CLASSES.map((d) => `devices.${d}`),
];

/** Where a counter shard holds its employees' counts (schemas/tracking.ts): the map of entries and the indexed array of its keys. */
export const EMPLOYEE_ENTRIES = { map: 'employees', index: 'employeeIds' } as const;

/**
 * Where a counter shard holds an A/B test's counts: `variants.{key}.views` and `.clicks`, a plain
 * nested map of numbers, people's hits only (bots never enter the comparison). The key is
 * variantCountKey's: the variant scoped by its test.
 */
export const VARIANT_ENTRIES = { map: 'variants', fields: ['views', 'clicks'] } as const;

/**
 * The key of a variant's counts on the shards: `{testId}_{variantId}`, so a test started after
 * another was cleared (`abTest: null`) starts from zero even when it reuses the old variant ids
 * (`_` never occurs in a variant id, so keys cannot collide). A test stored before tests had an id
 * counts under its bare variant id, as it always did. The redirect writes it, the report reads it.
 */
export function variantCountKey(testId: string | null | undefined, variantId: string): string {
  return testId ? `${testId}_${variantId}` : variantId;
}

/**
 * Days a hit-ledger entry (catalog `hitLedger`) is kept: longer than the hit queue's subscription
 * keeps an unacknowledged message (7 days), so no copy of a message applied can come back unseen.
 */
export const HIT_LEDGER_RETENTION_DAYS = 8;

/**
 * Minutes between two drains of the hit queue (tasks/schedules.ts `hitsDrain`): today's counts
 * appear at most this long (plus a drain's run) after a hit. Each drain writes one shard and one
 * ledger entry per campaign with hits: every 5 minutes instead of every minute is a fifth of those
 * writes at low traffic (docs/performance.md, the views line), for a report of today up to 5 minutes old.
 */
export const HIT_DRAIN_EVERY_MINUTES = 5;
