import { createHash } from 'node:crypto';
import type { Firestore } from 'firebase-admin/firestore';
import { col, collectionId } from '../core/catalog.js';
import type { BotReason, DeviceClass } from '../core/counter-shape.js';
import { collectionPath } from '../core/paths.js';
import { buildHit, utcDay } from '../tracking/build-hit.js';
import type { Classification } from '../tracking/classify-hit.js';
import { GroupCommitter, type Hit } from '../tracking/group-committer.js';
import { ShardPicker } from '../tracking/shard-picker.js';

/**
 * The demo's history (`npm start`): 60 days of fictitious views, clicks and filtered bot hits for
 * each banner campaign of the demo tenants, so reports and charts show real curves. Every hit is
 * built by the tracker's own `buildHit` and written by its `GroupCommitter`, so the documents have
 * exactly the counter shape the redirect writes (core/counter-shape.ts).
 *
 * Deterministic: a day's hits come from a generator seeded with the tenant, campaign and day
 * (SHA-256 in counter mode), so the same day always gets the same numbers. Idempotent: a day that
 * already has a counter document is left alone, so a second run adds nothing. Today is never
 * seeded: today's numbers are the demo's real hits only.
 */
export const HISTORY_DAYS = 60;
const DAY_MS = 86_400_000;
/** The campaign's (re)launch, as days into the history: 25 days before today. */
export const LAUNCH_DAY = 35;

/** Uniform numbers in [0, 1), the same sequence for the same seed. */
export class SeededRandom {
  private block = Buffer.alloc(0);
  private at = 0;
  private counter = 0;
  constructor(private readonly seed: string) {}

  next(): number {
    if (this.at + 4 > this.block.length) {
      this.block = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
      this.at = 0;
    }
    const n = this.block.readUInt32BE(this.at);
    this.at += 4;
    return n / 2 ** 32;
  }

  pick<T>(weighted: readonly (readonly [T, number])[]): T {
    const total = weighted.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, w] of weighted) if ((r -= w) < 0) return value;
    return weighted[weighted.length - 1]![0];
  }
}

/** Who sees a banner how: Gmail's image proxy fetches most views; clicks come from people's own devices. */
const VIEW_DEVICES: readonly (readonly [DeviceClass, number])[] = [['email_proxy', 45], ['desktop', 33], ['mobile', 18], ['tablet', 4]];
const CLICK_DEVICES: readonly (readonly [DeviceClass, number])[] = [['desktop', 58], ['mobile', 34], ['tablet', 8], ['email_proxy', 0]];
/** Bots: prefetchers and scanners fetch images; link scanners follow links. */
const VIEW_BOTS: readonly (readonly [BotReason, number])[] = [['prefetch', 30], ['user_agent', 25], ['scanner_referrer', 15], ['head', 10], ['no_user_agent', 8], ['burst', 7], ['repeat', 5], ['daily_cap', 0]];
const CLICK_BOTS: readonly (readonly [BotReason, number])[] = [['scanner_referrer', 35], ['user_agent', 20], ['head', 15], ['repeat', 15], ['burst', 8], ['no_user_agent', 5], ['daily_cap', 2], ['prefetch', 0]];

export interface DayPlan {
  views: number;
  clicks: number;
  botViews: number;
  botClicks: number;
}

/**
 * A day's numbers: a weekday rhythm (weekends a quarter of a weekday), a launch bump LAUNCH_DAY
 * days into the history (inside a report's default 30 days) that fades over about a week, a slow
 * rise, ±15 % noise, a click-through rate of 1–3 %, and a few percent of bot hits.
 */
export function planDay(rng: SeededRandom, date: Date, daysSinceStart: number, employees: number): DayPlan {
  const weekday = date.getUTCDay();
  const rhythm = weekday === 0 || weekday === 6 ? 0.25 : weekday === 1 ? 1.1 : 1;
  const sinceLaunch = daysSinceStart - LAUNCH_DAY;
  const bump = sinceLaunch < 0 ? 0.7 : 1 + 1.6 * Math.exp(-sinceLaunch / 5);
  const trend = 1 + daysSinceStart / (HISTORY_DAYS * 3);
  const noise = 0.85 + 0.3 * rng.next();
  const views = Math.round(employees * 9 * rhythm * bump * trend * noise);
  const ctr = 0.01 + 0.015 * rng.next() + (sinceLaunch >= 0 && sinceLaunch < 5 ? 0.006 : 0);
  const clicks = Math.round(views * ctr);
  return { views, clicks, botViews: Math.round(views * (0.03 + 0.05 * rng.next())), botClicks: Math.round(clicks * (0.1 + 0.3 * rng.next())) + (rng.next() < 0.3 ? 1 : 0) };
}

/** Employees by how much they email: a few send most (weights fall off like 1/rank). */
function senders(userIds: string[]): (readonly [string, number])[] {
  return [...userIds].sort().map((id, i) => [id, 1 / (1 + ((i * 7) % userIds.length))] as const);
}

function hitsOfDay(input: { tenantId: string; campaignId: string; day: string; date: Date; daysSinceStart: number; userIds: string[] }): Hit[] {
  const rng = new SeededRandom(`herald-demo:${input.tenantId}:${input.campaignId}:${input.day}`);
  const plan = planDay(rng, input.date, input.daysSinceStart, Math.max(input.userIds.length, 1));
  const who = senders(input.userIds);
  const hits: Hit[] = [];
  const add = (action: 'view' | 'click', n: number, classify: () => Classification) => {
    for (let i = 0; i < n; i++) {
      // Spread over the working day (08:00–18:00 UTC).
      const at = new Date(input.date.getTime() + 8 * 3_600_000 + Math.floor(rng.next() * 10 * 3_600_000));
      const userId = who.length ? rng.pick(who) : null;
      hits.push(buildHit({ tenantId: input.tenantId, campaignId: input.campaignId, userId, action, classification: classify(), at }));
    }
  };
  add('view', plan.views, () => ({ bot: false, device: rng.pick(VIEW_DEVICES) }));
  add('click', plan.clicks, () => ({ bot: false, device: rng.pick(CLICK_DEVICES) }));
  add('view', plan.botViews, () => ({ bot: true, reason: rng.pick(VIEW_BOTS) }));
  add('click', plan.botClicks, () => ({ bot: true, reason: rng.pick(CLICK_BOTS) }));
  return hits;
}

/** Seeds the history of every banner campaign in the database; returns how many days it wrote and left alone. */
export async function seedDemoHistory(db: Firestore, now: Date = new Date()): Promise<{ seededDays: number; keptDays: number; hits: number }> {
  const today = Date.parse(`${utcDay(now)}T00:00:00Z`);
  const campaigns = await db.collectionGroup(collectionId('campaigns')).where('kind', '==', 'banner').get();
  // One instance's picker at offset 0: each day's counts land in the day's first shard.
  const committer = new GroupCommitter(db, { shards: new ShardPicker(512, 0, 0), maxWaitMs: 60_000, maxPendingHits: 1_000_000 });
  const result = { seededDays: 0, keptDays: 0, hits: 0 };
  for (const campaign of campaigns.docs) {
    const tenantId = campaign.ref.parent.parent!.id;
    const campaignId = campaign.id;
    const userIds = (await col(db, 'users', { tenantId }).select().get()).docs.map((d) => d.id);
    const counters = db.collection(collectionPath('counters', { tenantId, campaignId }));
    for (let back = HISTORY_DAYS; back >= 1; back--) {
      const date = new Date(today - back * DAY_MS);
      const day = utcDay(date);
      if (!(await counters.where('day', '==', day).limit(1).get()).empty) {
        result.keptDays++;
        continue;
      }
      const hits = hitsOfDay({ tenantId, campaignId, day, date, daysSinceStart: HISTORY_DAYS - back, userIds });
      const outcomes = await Promise.all(hits.map((hit) => committer.record(hit)));
      const failed = outcomes.filter((o) => o !== 'committed').length;
      if (failed) throw new Error(`demo history: ${failed} hits of ${day} were not committed`);
      result.seededDays++;
      result.hits += hits.length;
    }
  }
  await committer.idle();
  return result;
}
