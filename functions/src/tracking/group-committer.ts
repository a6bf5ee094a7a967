import { FieldValue, type DocumentReference, type Firestore, type WriteBatch } from 'firebase-admin/firestore';
import { ShardPicker } from './shard-picker.js';

/**
 * Group commit for tracking writes: every hit that arrives while a commit is in flight joins the
 * next batch, and the whole batch is one Firestore commit. A request waits for the commit that
 * carries its hit (so a click acknowledged as recorded is never lost) but never longer than
 * `maxWaitMs`: a slow or failing Firestore delays no redirect beyond that.
 */
export interface CounterWrite {
  /** Document path with a `{shard}` placeholder; hits with the same template are summed. */
  template: string;
  /** Fields set on the document (merged), e.g. campaignId, day; `shard` is added. */
  base: Record<string, unknown>;
  /** Dotted field paths to increment. */
  inc: Record<string, number>;
  /**
   * Every count field the document holds, each written (incremented by 0 when this batch adds
   * nothing to it) so every shard carries all of them: Firestore aggregates several sums in one
   * query only over documents that hold every summed field (campaign-report.ts).
   */
  fields?: readonly string[];
  /**
   * A count kept per key inside the same document (an employee's hits in the campaign's shard):
   * `map.{key}.{field}` is incremented and `key` joins the indexed array `index`.
   */
  keyed?: { map: string; index: string; key: string; inc: Record<string, number> };
}
export interface Hit {
  counters: CounterWrite[];
  /** Documents created as they are (e.g. a recipient click). */
  creates: { path: string; data: Record<string, unknown> }[];
}
/** `queued`: published to the hit queue (durable there; the drain folds it into the shards). */
export type Outcome = 'committed' | 'queued' | 'failed' | 'timeout' | 'dropped';

/**
 * Where a batch goes instead of a direct commit (tracking/hit-queue.ts): one publish carrying the
 * batch's messages, each message a chunk that fits one Firestore commit. Resolves once the queue
 * holds them; rejects (or outlasts `publishWaitMs`) and the batch is committed directly instead.
 */
export interface HitSink {
  publish(messages: QueuedHits[]): Promise<void>;
}
export interface QueuedHits {
  /** Random, ours: what the ledger records so a message is applied once. */
  id: string;
  hits: Hit[];
}
/** A ledger entry created in the same commit as the hits it names (tracking/hit-ledger.ts). */
export interface LedgerWrite {
  path: string;
  data: Record<string, unknown>;
}

export interface CommitterStats {
  commits: number;
  committed: number;
  /** Hits published to the queue. */
  queued: number;
  /** Hits whose publish failed or took too long, committed directly instead. */
  fellBack: number;
  failed: number;
  timedOut: number;
  dropped: number;
}

interface Batch {
  hits: Hit[];
  openedAt: number;
  promise: Promise<Outcome>;
  settle: (o: Outcome) => void;
  settled: boolean;
  timer: NodeJS.Timeout | undefined;
}

export interface GroupCommitterOptions {
  maxWaitMs?: number;
  maxWritesPerCommit?: number;
  /** Firestore allows 500 field transforms per document in one commit. */
  maxTransformsPerDocument?: number;
  maxPendingHits?: number;
  /**
   * Commits in flight at once (default 2). 1 gives the biggest batches (fewest commits); more hide
   * a remote commit's latency, since a batch fills while earlier ones are on the wire. Under load the
   * instance is CPU-bound, and every extra commit costs CPU: in the redirect benchmark at 1,000
   * connections, 4 in flight took ~59 µs of CPU per click, 2 ~43 µs, 1 ~37 µs, while 1 loses a
   * fifth of the latency-bound throughput at 50 connections. 2 keeps most of both.
   */
  maxInFlight?: number;
  /**
   * Commit pacing: a batch is committed once it holds `minBatchHits` hits, or once its first hit
   * has waited `maxBatchDelayMs`, whichever comes first (and a commit slot is free). Billing counts
   * document writes, and every commit writes each counter document it touches once: at 1,000
   * clicks/s, committing at most every 20 ms is ≤ 50 writes a second per campaign instead of one
   * per commit slot turnaround (~180 with a 10 ms remote commit). A hit that arrives when nothing
   * is in flight and no commit started within the delay (light traffic) is committed at once;
   * under load 20 hits arrive sooner than the delay.
   */
  minBatchHits?: number;
  maxBatchDelayMs?: number;
  shards?: ShardPicker;
  now?: () => number;
  /**
   * The hit queue: when set, a batch is one publish instead of a commit, and a publish that fails
   * or outlasts `publishWaitMs` (default 400 ms, well inside `maxWaitMs`) falls back to the direct
   * commit, with a ledger entry so the drain skips the message if the publish did land after all.
   */
  sink?: HitSink;
  publishWaitMs?: number;
  /** The ledger entry a fallback commit creates for the messages it applies. */
  ledger?: (ids: string[], hits: number) => LedgerWrite;
  /** Called after each successful commit with the documents it wrote (benchmarks count writes per document). */
  onCommit?: (paths: string[], atMs: number) => void;
  /** Called when a commit (or, with `stage: 'publish'`, a publish) fails: ids and counts only. */
  onError?: (error: unknown, hits: number, stage?: 'commit' | 'publish') => void;
}

const MAX_IN_FLIGHT_WHEN_STALLED = 4;

export class GroupCommitter {
  readonly stats: CommitterStats = { commits: 0, committed: 0, queued: 0, fellBack: 0, failed: 0, timedOut: 0, dropped: 0 };
  private open: Batch | undefined;
  /** Start times of the commits in flight. */
  private readonly inFlight: number[] = [];
  private scheduled = false;
  private readonly maxWaitMs: number;
  private readonly maxWrites: number;
  private readonly maxTransforms: number;
  private readonly maxPending: number;
  private readonly maxInFlight: number;
  private readonly minBatch: number;
  private readonly maxDelay: number;
  private paceTimer: NodeJS.Timeout | undefined;
  /** When the latest commit started. */
  private lastStarted = -Infinity;
  private readonly shards: ShardPicker;
  private readonly now: () => number;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly db: Firestore,
    private readonly options: GroupCommitterOptions = {},
  ) {
    this.maxWaitMs = options.maxWaitMs ?? 1500;
    this.maxWrites = options.maxWritesPerCommit ?? 450;
    this.maxTransforms = options.maxTransformsPerDocument ?? 450;
    this.maxPending = options.maxPendingHits ?? 20_000;
    this.maxInFlight = options.maxInFlight ?? 2;
    this.minBatch = options.minBatchHits ?? 20;
    this.maxDelay = options.maxBatchDelayMs ?? 20;
    this.shards = options.shards ?? new ShardPicker();
    this.now = options.now ?? Date.now;
  }

  /** Queues a hit; resolves when its commit is done, failed, or after the bounded wait. */
  record(hit: Hit): Promise<Outcome> {
    if (!this.open) this.open = this.newBatch();
    if (this.open.hits.length >= this.maxPending) {
      this.stats.dropped++;
      return Promise.resolve('dropped');
    }
    this.open.hits.push(hit);
    if (this.paceTimer && this.open.hits.length >= this.minBatch) {
      // The batch filled up before its delay ran out: commit it now.
      clearTimeout(this.paceTimer);
      this.paceTimer = undefined;
      this.scheduled = false;
    }
    this.schedule();
    return this.open.promise;
  }

  /** Resolves once nothing is queued or in flight (tests and benchmarks). */
  idle(): Promise<void> {
    if (!this.open && this.inFlight.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private newBatch(): Batch {
    let settle!: (o: Outcome) => void;
    const promise = new Promise<Outcome>((resolve) => (settle = resolve));
    const batch: Batch = { hits: [], openedAt: this.now(), promise, settle, settled: false, timer: undefined };
    batch.settle = (o) => {
      if (batch.settled) return;
      batch.settled = true;
      if (batch.timer) clearTimeout(batch.timer);
      if (o === 'timeout') this.stats.timedOut += batch.hits.length;
      settle(o);
    };
    batch.timer = setTimeout(() => batch.settle('timeout'), this.maxWaitMs);
    batch.timer.unref?.();
    return batch;
  }

  private canFlush(): boolean {
    if (this.inFlight.length < this.maxInFlight) return true;
    return this.inFlight.length < MAX_IN_FLIGHT_WHEN_STALLED && this.now() - this.inFlight[0]! > this.maxWaitMs;
  }

  private schedule(): void {
    if (this.scheduled || !this.open || !this.canFlush()) return;
    this.scheduled = true;
    const now = this.now();
    // Quiet (nothing in flight, no commit started within the delay): go at once. Otherwise the
    // batch waits for company until it is `maxDelay` old.
    const quiet = this.inFlight.length === 0 && now - this.lastStarted >= this.maxDelay;
    const waitMs = this.open.hits.length >= this.minBatch || quiet ? 0 : this.open.openedAt + this.maxDelay - now;
    if (waitMs > 0) {
      this.paceTimer = setTimeout(() => {
        this.paceTimer = undefined;
        this.flush();
      }, waitMs);
      return;
    }
    // setImmediate lets the requests already parsed in this turn of the event loop join the batch.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.open;
    if (!batch || !this.canFlush()) return this.checkIdle();
    const chunks = this.chunk(batch.hits);
    if (this.options.sink) return this.flushToQueue(batch, chunks, this.options.sink);
    const picks: Map<string, number>[] = [];
    for (const hits of chunks) {
      const picked = this.shards.pick(templatesOf(hits), this.now(), keysOf(hits));
      if (!picked.shards) {
        // A counter has had every shard written within the interval: wait; the batch keeps filling.
        for (const shards of picks) this.shards.release(shards, -Infinity);
        this.scheduled = true;
        setTimeout(() => this.flush(), picked.waitMs);
        return;
      }
      picks.push(picked.shards);
    }
    this.open = undefined;
    const started = this.now();
    this.inFlight.push(started);
    this.lastStarted = started;
    Promise.all(chunks.map((hits, i) => this.commit(hits, picks[i]!, null)))
      .then(
        () => {
          this.stats.committed += batch.hits.length;
          batch.settle('committed');
        },
        (error: unknown) => {
          this.stats.failed += batch.hits.length;
          this.options.onError?.(error, batch.hits.length);
          batch.settle('failed');
        },
      )
      .finally(() => {
        const ended = this.now();
        for (const shards of picks) this.shards.release(shards, ended);
        this.inFlight.splice(this.inFlight.indexOf(started), 1);
        this.schedule();
        this.checkIdle();
      });
  }

  /** One publish for the batch; if it fails or is late, each of its messages committed directly. */
  private flushToQueue(batch: Batch, chunks: Hit[][], sink: HitSink): void {
    this.open = undefined;
    const started = this.now();
    this.inFlight.push(started);
    this.lastStarted = started;
    const messages = chunks.map((hits) => ({ id: randomId(), hits }));
    const n = batch.hits.length;
    withDeadline(sink.publish(messages), this.options.publishWaitMs ?? 400)
      .then(
        () => {
          this.stats.queued += n;
          batch.settle('queued');
        },
        async (error: unknown) => {
          this.options.onError?.(error, n, 'publish');
          this.stats.fellBack += n;
          try {
            for (const m of messages) await this.commitPicked(m.hits, this.options.ledger?.([m.id], m.hits.length) ?? null);
            this.stats.committed += n;
            batch.settle('committed');
          } catch (err) {
            this.stats.failed += n;
            this.options.onError?.(err, n, 'commit');
            batch.settle('failed');
          }
        },
      )
      .finally(() => {
        this.inFlight.splice(this.inFlight.indexOf(started), 1);
        this.schedule();
        this.checkIdle();
      });
  }

  /** A direct commit of one chunk, waiting for its counters' shards when all were written within the interval. */
  private commitPicked(hits: Hit[], ledger: LedgerWrite | null): Promise<void> {
    return withPickedShards(this.shards, hits, this.now, (shards) => this.commit(hits, shards, ledger));
  }

  private checkIdle(): void {
    if (this.open || this.inFlight.length > 0 || this.scheduled) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private chunk(hits: Hit[]): Hit[][] {
    return chunkUnits(hits, (h) => [h], { maxWrites: this.maxWrites, maxTransforms: this.maxTransforms });
  }

  private async commit(hits: Hit[], shards: Map<string, number>, ledger: LedgerWrite | null): Promise<void> {
    const batch = this.db.batch();
    const paths = writeHits(this.db, batch, hits, shards);
    if (ledger) {
      batch.create(this.db.doc(ledger.path), ledger.data);
      paths.push(ledger.path);
    }
    this.stats.commits++;
    await batch.commit();
    this.options.onCommit?.(paths, this.now());
  }
}

/**
 * Runs `write` with a shard picked for each of the hits' counters, waiting while every shard of a
 * counter was written within the picker's interval, and releases them after (the links app's
 * fallback commit and the drain's commit).
 */
export async function withPickedShards<T>(picker: ShardPicker, hits: Hit[], now: () => number, write: (shards: Map<string, number>) => Promise<T>): Promise<T> {
  for (;;) {
    const picked = picker.pick(templatesOf(hits), now(), keysOf(hits));
    if (picked.shards) {
      try {
        return await write(picked.shards);
      } finally {
        picker.release(picked.shards, now());
      }
    }
    await new Promise((r) => setTimeout(r, picked.waitMs));
  }
}

/**
 * Splits units (a hit each for the links app; a queued message's hits for the drain, kept together)
 * so no commit exceeds Firestore's limits: distinct documents per commit (`maxWrites`, room left for
 * a ledger entry) and field transforms (increments, array unions) per document (`maxTransforms`;
 * each employee in a shard adds one per count field it touches). A unit too big alone is its own chunk.
 */
export function chunkUnits<T>(units: readonly T[], hitsOf: (unit: T) => Hit[], limits: { maxWrites: number; maxTransforms: number }): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let docs = new Set<string>();
  // Per counter document of the current chunk: the field transforms it already holds.
  let transforms = new Map<string, Set<string>>();
  for (const unit of units) {
    const hits = hitsOf(unit);
    // What the unit would add to the current chunk: new documents, and per document its new transforms.
    const addedDocs = new Set<string>();
    const pending = new Map<string, Set<string>>();
    for (const hit of hits) {
      for (const c of hit.counters) {
        if (!docs.has(c.template)) addedDocs.add(c.template);
        let adds = pending.get(c.template);
        if (!adds) pending.set(c.template, (adds = new Set()));
        for (const t of newTransforms(c, transforms.get(c.template))) adds.add(t);
      }
      for (const c of hit.creates) addedDocs.add(c.path);
    }
    let overTransforms = false;
    for (const [template, adds] of pending) if ((transforms.get(template)?.size ?? 0) + adds.size > limits.maxTransforms) overTransforms = true;
    if (current.length > 0 && (docs.size + addedDocs.size > limits.maxWrites || overTransforms)) {
      chunks.push(current);
      current = [];
      docs = new Set();
      transforms = new Map();
    }
    current.push(unit);
    for (const hit of hits) {
      for (const c of hit.counters) {
        docs.add(c.template);
        const known = transforms.get(c.template);
        const adds = newTransforms(c, known);
        if (!known) transforms.set(c.template, new Set(adds));
        else for (const t of adds) known.add(t);
      }
      for (const c of hit.creates) docs.add(c.path);
    }
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/**
 * Adds to `batch` the writes `hits` make: per counter document (its `{shard}` from `shards`) one
 * merged set of summed increments, and each create as it is. Returns the documents written. The
 * links app's committer and the hit queue's drain both commit through here.
 */
/** Where writeHits writes: a batch (the links app) or a transaction (the drain, which screens hits in it: hit-screen.ts). */
export interface HitWriter {
  set(ref: DocumentReference, data: Record<string, unknown>, options: { merge: true }): unknown;
  create(ref: DocumentReference, data: Record<string, unknown>): unknown;
}

export function writeHits(db: Firestore, batch: HitWriter, hits: Hit[], shards: Map<string, number>): string[] {
    interface Merged {
      base: Record<string, unknown>;
      inc: Map<string, number>;
      fields: readonly string[];
      /** The keyed map's and index's names, and per key its increments. */
      keyed?: { map: string; index: string; counts: Map<string, Map<string, number>> };
    }
    const merged = new Map<string, Merged>();
    const paths: string[] = [];
    for (const hit of hits) {
      for (const c of hit.counters) {
        let m = merged.get(c.template);
        if (!m) merged.set(c.template, (m = { base: c.base, inc: new Map(), fields: c.fields ?? [] }));
        for (const [field, n] of Object.entries(c.inc)) m.inc.set(field, (m.inc.get(field) ?? 0) + n);
        if (c.keyed) {
          m.keyed ??= { map: c.keyed.map, index: c.keyed.index, counts: new Map() };
          let counts = m.keyed.counts.get(c.keyed.key);
          if (!counts) m.keyed.counts.set(c.keyed.key, (counts = new Map()));
          for (const [field, n] of Object.entries(c.keyed.inc)) counts.set(field, (counts.get(field) ?? 0) + n);
        }
      }
      for (const c of hit.creates) {
        batch.create(db.doc(c.path), c.data);
        paths.push(c.path);
      }
    }
    for (const [template, { base, inc, fields, keyed }] of merged) {
      const shard = shards.get(template)!;
      const path = template.replace('{shard}', String(shard));
      const data: Record<string, unknown> = { ...base, shard };
      for (const field of fields) if (!inc.has(field)) setPath(data, field.split('.'), ZERO);
      for (const [field, n] of inc) setPath(data, field.split('.'), FieldValue.increment(n));
      if (keyed) {
        // Keys are object keys, not dotted paths: an id holding a dot stays one key.
        const entries: Record<string, Record<string, FieldValue>> = {};
        for (const [key, counts] of keyed.counts) entries[key] = Object.fromEntries([...counts].map(([f, n]) => [f, FieldValue.increment(n)]));
        data[keyed.map] = entries;
        data[keyed.index] = FieldValue.arrayUnion(...keyed.counts.keys());
      }
      batch.set(db.doc(path), data, { merge: true });
      paths.push(path);
    }
    return paths;
}

const ZERO = FieldValue.increment(0);

/**
 * The field transforms (increments, the index's array union) a counter write adds to its document
 * beyond `known`; a document new to the chunk starts with every field it always writes.
 */
function newTransforms(c: CounterWrite, known: ReadonlySet<string> | undefined): string[] {
  const ids = known ? [] : [...(c.fields ?? [])];
  ids.push(...Object.keys(c.inc));
  if (c.keyed) {
    ids.push(`\u0000${c.keyed.index}`);
    for (const f of Object.keys(c.keyed.inc)) ids.push(`${c.keyed.map}\u0000${c.keyed.key}\u0000${f}`);
  }
  return [...new Set(ids)].filter((t) => !known?.has(t));
}

/** Per counter document, the keys (employees) this batch adds to it. */
export function keysOf(hits: Hit[]): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const hit of hits) {
    for (const c of hit.counters) {
      if (!c.keyed) continue;
      let set = keys.get(c.template);
      if (!set) keys.set(c.template, (set = new Set()));
      set.add(c.keyed.key);
    }
  }
  return keys;
}

export function templatesOf(hits: Hit[]): Set<string> {
  const templates = new Set<string>();
  for (const hit of hits) for (const c of hit.counters) templates.add(c.template);
  return templates;
}

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}

/** Rejects after `ms` unless `p` settled first. */
function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  p.catch(() => {});
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A queued message's id: 20 random characters (~119 bits). */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let id = '';
  for (const b of bytes) id += ALPHABET[b % 62];
  return id;
}
