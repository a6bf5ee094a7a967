import { COUNTER_FIELDS, EMPLOYEE_ENTRIES, VARIANT_ENTRIES } from '../core/counter-shape.js';
import { collectionPath, docPath } from '../core/paths.js';
import type { Classification } from './classify-hit.js';
import type { CounterWrite, Hit } from './group-committer.js';

/** The UTC day a hit is counted in. */
export function utcDay(at: Date): string {
  const ms = at.getTime();
  // The hot path asks for the same day thousands of times a second: remember the current one.
  if (ms >= lastDay.start && ms < lastDay.start + 86_400_000) return lastDay.day;
  const day = at.toISOString().slice(0, 10);
  if (Number.isFinite(ms)) lastDay = { start: ms - (ms % 86_400_000 + 86_400_000) % 86_400_000, day };
  return day;
}
let lastDay = { start: Number.NaN, day: '' };

export interface HitInput {
  tenantId: string;
  campaignId: string;
  /** Null when the employee is unknown (purged, or a code from another tenant). */
  userId: string | null;
  action: 'click' | 'view';
  classification: Classification;
  at: Date;
  /** The count key (core/counter-shape.ts variantCountKey) of the A/B variant the hit showed or led to (a running test only); counted for people's hits only. */
  variantKey?: string | null;
  /** A recipient click to store (opt-in tenants, human clicks only). */
  recipient?: { hash: string; sealed: string; expireAt: Date };
}

/** The counter increments (and recipient click) one hit makes; the committer sums them per document. */
export function buildHit(input: HitInput): Hit {
  const { tenantId, campaignId, userId, action, classification: cls } = input;
  const day = utcDay(input.at);
  const human = !cls.bot;
  const field = action === 'click' ? (human ? 'clicks' : 'botClicks') : human ? 'views' : 'botViews';
  const campaignInc: Record<string, number> = { [field]: 1 };
  if (cls.bot) campaignInc[`botReasons.${action}.${cls.reason}`] = 1;
  else campaignInc[`devices.${cls.device}`] = 1;
  if (human && input.variantKey) campaignInc[`${VARIANT_ENTRIES.map}.${input.variantKey}.${field}`] = 1;
  // The shard's id, `<day>_<shard>`, is the committer's to finish: it picks the shard.
  const counter: CounterWrite = { template: `${collectionPath('counters', { tenantId, campaignId })}/${day}_{shard}`, base: { campaignId, day }, inc: campaignInc, fields: COUNTER_FIELDS };
  // The employee's count rides in the same shard document: one write per commit for the campaign.
  if (userId) counter.keyed = { ...EMPLOYEE_ENTRIES, key: userId, inc: { [field]: 1 } };
  const hit: Hit = { counters: [counter], creates: [] };
  if (input.recipient && userId) {
    hit.creates.push({
      path: docPath('recipientClicks', { tenantId, clickId: randomId() }),
      data: { campaignId, userId, recipientHash: input.recipient.hash, recipientSealed: input.recipient.sealed, bot: cls.bot, at: input.at, expireAt: input.recipient.expireAt },
    });
  }
  return hit;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let id = '';
  for (const b of bytes) id += ALPHABET[b % 62];
  return id;
}
