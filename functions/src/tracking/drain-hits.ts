import * as z from 'zod';
import type { Deps } from '../core/deps.js';
import { PATHS, pathRegex } from '../core/paths.js';
import { chunkUnits, withPickedShards, writeHits, type Hit } from './group-committer.js';
import { appliedIds, ledgerEntry } from './hit-ledger.js';
import { hitQueueFor, parseHitsBody, type HitQueue, type PulledMessage } from './hit-queue.js';
import { screenHits, type ScreenedMessage } from './hit-screen.js';
import { lastFinishedDay } from './roll-up-day.js';
import { ShardPicker } from './shard-picker.js';

/**
 * The drain of the hit queue (docs/tracking.md#the-hit-queue): pulls the subscription in rounds of up
 * to 1,000 messages until it is empty or the time budget is spent, skips the messages a ledger entry
 * already names (a redelivery, or a batch its links instance committed directly after a late
 * publish), folds the others into the counter shards with the links app's own fold
 * (group-committer.ts `writeHits`), each commit creating the ledger entry of the messages it applied,
 * then acknowledges. A failed commit leaves its round unacknowledged: Pub/Sub delivers it again
 * after the ack deadline, and the ledger skips what was committed.
 */
export interface DrainResult {
  rounds: number;
  messages: number;
  hits: number;
  commits: number;
  /** Messages a ledger entry already named (acknowledged, not counted again). */
  duplicates: number;
  /** Messages whose body is not a batch of hits (acknowledged, logged by Pub/Sub id, dropped). */
  malformed: number;
  /** Campaign days already final (rolled up) that late hits reached: their rollups are deleted, to be folded again. */
  lateDays: number;
  /** Hits not counted: their tenant, or (within a purge's screening) their campaign, was gone (hit-screen.ts). */
  erasedDropped: number;
  /** Hits counted without their employee's entry: the employee was erased while they waited (hit-screen.ts). */
  erasedAnonymised: number;
}

export interface DrainOptions {
  /** Stop starting rounds after this long (well under the function's timeout). */
  budgetMs?: number;
  /** How long one pull request may take before it is abandoned (an error: the round is retried by the next drain). */
  pullWaitMs?: number;
  shards?: ShardPicker;
}

/** A drain starts no round after this long: well under its function's 240 s timeout (tasks/schedules.ts), and the 180 s ack deadline bounds one round. */
export const DRAIN_BUDGET_MS = 180_000;

/** Room for the ledger entry in each commit (Firestore: 500 writes; the links app's chunks stay at 450). */
const LIMITS = { maxWrites: 449, maxTransforms: 450 };

const COUNTER_TEMPLATE = new RegExp('^' + PATHS.counters.replace('{counterId}', '\\d{4}-\\d{2}-\\d{2}_\\{shard\\}').replace(/\{\w+\}/g, '[^/]+') + '$');
const RECIPIENT_CLICK = pathRegex(PATHS.recipientClicks);
const count = z.number().int().min(0).max(1_000_000);
const field = z.string().min(1).max(300);
const counterWrite = z.strictObject({
  template: z.string().regex(COUNTER_TEMPLATE, 'must be a campaign counter shard template'),
  base: z.record(field, z.union([z.string().max(300), z.number(), z.boolean(), z.null()])),
  inc: z.record(field, count),
  fields: z.array(field).max(200).optional(),
  keyed: z.strictObject({ map: field, index: field, key: field, inc: z.record(field, count) }).optional(),
});
const hitSchema = z.strictObject({
  counters: z.array(counterWrite).max(10),
  creates: z.array(z.strictObject({ path: z.string().regex(RECIPIENT_CLICK, 'must be a recipient click'), data: z.record(field, z.unknown()) })).max(10),
});
const bodySchema = z.strictObject({ v: z.literal(1), id: z.string().regex(/^[A-Za-z0-9]{20}$/), hits: z.array(hitSchema).min(1).max(20_000) });

type Message = ScreenedMessage;

export async function drainHits(deps: Pick<Deps, 'db' | 'log' | 'now'>, queue: HitQueue, options: DrainOptions = {}): Promise<DrainResult> {
  const budgetMs = options.budgetMs ?? DRAIN_BUDGET_MS;
  const pullWaitMs = options.pullWaitMs ?? 10_000;
  const shards = options.shards ?? new ShardPicker();
  const result: DrainResult = { rounds: 0, messages: 0, hits: 0, commits: 0, duplicates: 0, malformed: 0, lateDays: 0, erasedDropped: 0, erasedAnonymised: 0 };
  const started = Date.now();
  while (Date.now() - started < budgetMs) {
    const pulled = await queue.pull(1000, pullWaitMs);
    if (!pulled.length) break;
    result.rounds++;
    result.messages += pulled.length;
    const messages = decode(deps, pulled, result);
    const applied = await appliedIds(deps.db, [...new Set(messages.map((m) => m.id))]);
    const fresh: Message[] = [];
    for (const m of messages) {
      if (applied.has(m.id)) {
        result.duplicates++;
        continue;
      }
      applied.add(m.id);
      fresh.push(m);
    }
    for (const group of chunkUnits(fresh, (m) => m.hits, LIMITS)) {
      const hits = await commitGroup(deps, shards, group, result);
      result.commits++;
      result.hits += hits.length;
      result.lateDays += await dropStaleRollups(deps, hits);
    }
    await queue.ack(pulled.map((m) => m.ackId));
  }
  return result;
}

/** Commits a group of messages in one transaction that first screens them against erasure (hit-screen.ts); returns the hits counted. */
async function commitGroup(deps: Pick<Deps, 'db' | 'now'>, shards: ShardPicker, group: Message[], result: DrainResult): Promise<Hit[]> {
  const all = group.flatMap((m) => m.hits);
  const ids = group.map((m) => m.id);
  const screened = await withPickedShards(shards, all, Date.now, (picked) =>
    deps.db.runTransaction(async (tx) => {
      const s = await screenHits(deps.db, tx, group);
      writeHits(deps.db, tx, s.hits, picked);
      const ledger = ledgerEntry(ids, s.hits.length, 'drain', deps.now());
      tx.create(deps.db.doc(ledger.path), ledger.data);
      return s;
    }),
  );
  result.erasedDropped += screened.dropped;
  result.erasedAnonymised += screened.anonymised;
  return screened.hits;
}

/**
 * Hits that reach a day already final (a drain that failed for longer than the roll-up margin):
 * the day's rollup, folded without them, is deleted, so the next report or roll-up folds the day
 * again from its shards, which now hold them. Rare: one query per such campaign day.
 */
async function dropStaleRollups(deps: Pick<Deps, 'db' | 'now'>, hits: Hit[]): Promise<number> {
  const finished = lastFinishedDay(deps.now());
  const days = new Set<string>();
  for (const hit of hits) {
    for (const c of hit.counters) {
      const day = String(c.base.day ?? '');
      if (day && day <= finished) days.add(`${c.template.slice(0, c.template.lastIndexOf('/counters/'))}\u0000${day}`);
    }
  }
  for (const key of days) {
    const [campaignPath, day] = key.split('\u0000') as [string, string];
    const pages = await deps.db.collection(`${campaignPath}/counterRollups`).where('day', '==', day).get();
    if (pages.empty) continue;
    const batch = deps.db.batch();
    for (const page of pages.docs) batch.delete(page.ref);
    await batch.commit();
  }
  return days.size;
}

function decode(deps: Pick<Deps, 'log'>, pulled: PulledMessage[], result: DrainResult): Message[] {
  const out: Message[] = [];
  for (const m of pulled) {
    let parsed;
    try {
      parsed = bodySchema.safeParse(parseHitsBody(m.data.toString('utf8')));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      result.malformed++;
      // Pub/Sub's id and the first problem's place only: a body may hold employee ids.
      deps.log.warn('hit queue message dropped: not a batch of hits', { messageId: m.messageId, at: parsed ? parsed.error.issues[0]?.path.join('.') : 'json' });
      continue;
    }
    out.push({ ...(parsed.data as { id: string; hits: Hit[] }), publishedAt: m.publishTime });
  }
  return out;
}

/** The scheduled job (tasks/schedules.ts `hitsDrain`): drains this project's hit queue; nothing where hits are committed directly. */
export async function runHitDrain(deps: Deps): Promise<void> {
  const queue = hitQueueFor(deps.config);
  if (!queue) return;
  const result = await drainHits(deps, queue);
  if (result.messages) deps.log.info('hit queue drained', { ...result });
}
