/**
 * Counts what Firestore bills, at the seam: the firebase-admin client's own request log (every
 * request it sends and every streamed answer), so nothing depends on the code under test reporting
 * its own work, and the counts mean the same on the official emulator and the in-memory database.
 * Billing rules (firebase.google.com/docs/firestore/pricing, "Understand Cloud Firestore billing"):
 * - a read per document a query or get returns, a get of a missing document included, and at least
 *   one per query that returns nothing;
 * - an aggregation query: a read per batch of up to 1,000 index entries it matches; its answer does
 *   not say how many it matched, so one per query is counted (a lower bound);
 * - a write per document a commit or batch write sets, updates or transforms; a delete per delete;
 * - a TTL delete per document written with an `expireAt` (each is deleted once, when it expires).
 * The hook formats every request it sees, which costs CPU of its own: CPU is measured on runs
 * without it.
 */
import { setLogFunction } from 'firebase-admin/firestore';

export interface BilledOps {
  reads: number;
  writes: number;
  deletes: number;
  ttlDeletes: number;
  queries: number;
  aggregationQueries: number;
  commits: number;
  /** Writes by collection path (ids replaced by `{}`), to say which line dominates. */
  writesBy: Record<string, number>;
  readsBy: Record<string, number>;
}

export const noOps = (): BilledOps => ({ reads: 0, writes: 0, deletes: 0, ttlDeletes: 0, queries: 0, aggregationQueries: 0, commits: 0, writesBy: {}, readsBy: {} });

const LINE = /^Firestore \(\S+\) \S+ (\S+) \[[^\]]+\]: (Sending request|Received response): ([\s\S]*)$/;

/** `tenants/t/campaigns/c/counters/d` → `tenants/{}/campaigns/{}/counters`. */
export function collectionOf(name: string): string {
  const path = name.slice(name.indexOf('/documents/') + '/documents/'.length).split('/');
  return path.filter((_, i) => i % 2 === 0).join('/{}/');
}

export async function countBilledOps<T>(fn: () => Promise<T>): Promise<{ result: T; ops: BilledOps }> {
  const ops = noOps();
  const ttl = new Set<string>();
  /** Open queries by request tag: how many documents each has returned so far. */
  const open = new Map<string, number>();
  const add = (map: Record<string, number>, name: string) => {
    const c = collectionOf(name);
    map[c] = (map[c] ?? 0) + 1;
  };
  const closeQuery = (tag: string) => {
    if (open.get(tag) === 0) ops.reads++;
    open.delete(tag);
  };
  setLogFunction((line) => {
    const m = LINE.exec(line);
    if (!m) return;
    const [, tag, kind, json] = m as unknown as [string, string, string, string];
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(json) as Record<string, unknown>;
    } catch {
      return;
    }
    if (kind === 'Sending request') {
      if (open.has(tag)) closeQuery(tag);
      if (body.structuredAggregationQuery) {
        ops.aggregationQueries++;
        ops.reads++;
      } else if (body.structuredQuery) {
        ops.queries++;
        open.set(tag, 0);
      }
      const writes = body.writes as { update?: { name: string; fields?: Record<string, unknown> }; delete?: string; transform?: { document: string } }[] | undefined;
      if (writes) {
        ops.commits++;
        for (const w of writes) {
          if (w.delete) {
            ops.deletes++;
            add(ops.writesBy, w.delete);
          } else {
            ops.writes++;
            const name = w.update?.name ?? w.transform?.document ?? '';
            add(ops.writesBy, name);
            if (w.update?.fields && 'expireAt' in w.update.fields) ttl.add(name);
          }
        }
      }
      return;
    }
    const doc = (body.document as { name?: string } | undefined) ?? (body.found as { name?: string } | undefined);
    const name = doc?.name ?? (body.missing as string | undefined);
    if (name) {
      ops.reads++;
      add(ops.readsBy, name);
      if (open.has(tag)) open.set(tag, open.get(tag)! + 1);
    }
  });
  try {
    const result = await fn();
    for (const tag of [...open.keys()]) closeQuery(tag);
    ops.ttlDeletes = ttl.size;
    return { result, ops };
  } finally {
    setLogFunction(null);
  }
}

/** a + b × k, line by line. */
export function addOps(a: BilledOps, b: BilledOps, k = 1): BilledOps {
  const merge = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [key, v] of Object.entries(y)) out[key] = (out[key] ?? 0) + v * k;
    return out;
  };
  return {
    reads: a.reads + b.reads * k,
    writes: a.writes + b.writes * k,
    deletes: a.deletes + b.deletes * k,
    ttlDeletes: a.ttlDeletes + b.ttlDeletes * k,
    queries: a.queries + b.queries * k,
    aggregationQueries: a.aggregationQueries + b.aggregationQueries * k,
    commits: a.commits + b.commits * k,
    writesBy: merge(a.writesBy, b.writesBy),
    readsBy: merge(a.readsBy, b.readsBy),
  };
}
