import { FieldPath, FieldValue, type DocumentReference, type DocumentSnapshot, type Firestore, type WriteBatch } from 'firebase-admin/firestore';
import { catalog } from '../core/catalog.js';
import { getField, type Located } from './subject-queries.js';

const BATCH = 499; // one slot of the 500-write batch is the certificate counter
const IN_FLIGHT = 4;
const PAGE = 20_000;

export interface EraseOptions {
  /** The certificate whose per-collection counters ride in the same atomic batch as the erasure. */
  certificate: DocumentReference;
  /** `delete` for a tenant purge whatever the entry's erasure; `catalog` follows the entry. */
  mode: 'catalog' | 'delete';
  /** Every id of the subject, to know which pseudonymised fields are theirs. */
  values: ReadonlySet<string>;
  pseudonym: (id: string) => string;
  /** Called after each committed batch with the number of documents it touched. */
  onCommit?: (n: number) => void | Promise<void>;
  /** Stop streaming (the caller checkpoints and the retry resumes), e.g. when the time budget is spent. */
  shouldStop?: () => boolean;
  /** Documents per query page (the budget is checked between pages). */
  pageSize?: number;
}

/**
 * Streams a located query and erases each document as the catalog says, in batches of 499 with
 * the certificate's counter increment in the same commit, so counts stay exact across crashes and
 * retries: a document is only counted by the commit that erases it, and an erased document is no
 * longer found by the query.
 */
export async function eraseLocated(db: Firestore, located: Located, options: EraseOptions): Promise<{ erased: number; stopped: boolean }> {
  const entry = catalog[located.name];
  const erasure = options.mode === 'delete' ? ({ kind: 'delete' } as const) : entry.erasure;
  if (erasure.kind === 'none') return { erased: 0, stopped: false };
  const viaOwnField = located.lookup?.at === 'field' && erasure.kind === 'pseudonymise' && erasure.fields.includes(located.lookup.field);
  // Pseudonymising needs the fields; deleting needs no data at all.
  const pseudonymise = erasure.kind === 'pseudonymise' && viaOwnField;
  // The subject's entry in a shared document goes; the document (others' counts) stays.
  const ownEntry = options.mode === 'catalog' && located.lookup?.at === 'map_key' && located.value !== null ? { ...located.lookup, value: located.value } : null;
  const query = pseudonymise ? located.query.select(...erasure.fields) : located.query.select();

  let batch: WriteBatch = db.batch();
  let size = 0;
  let erased = 0;
  const inflight: Promise<unknown>[] = [];
  const flush = async () => {
    if (size === 0) return;
    const n = size;
    batch.set(options.certificate, { collections: { [located.name]: { deleted: FieldValue.increment(pseudonymise ? 0 : n), pseudonymised: FieldValue.increment(pseudonymise ? n : 0) } } }, { merge: true });
    inflight.push(batch.commit().then(() => options.onCommit?.(n)));
    batch = db.batch();
    size = 0;
    if (inflight.length >= IN_FLIGHT) await settle(inflight.splice(0));
  };
  let stopped = false;
  let last: DocumentSnapshot | undefined;
  // Pages are streamed to the end (an abandoned stream keeps the client busy), and the time budget
  // is checked between pages. startAfter skips documents a page kept (pseudonymised elsewhere, or
  // look-alike collections of a collection-group query).
  for (;;) {
    let page = query.limit(options.pageSize ?? PAGE);
    if (last) page = page.startAfter(last);
    let seen = 0;
    for await (const snap of page.stream() as AsyncIterable<DocumentSnapshot>) {
      seen++;
      last = snap;
      if (!located.exact && !located.matches(snap.ref.path)) continue;
      if (pseudonymise) {
        const update: Record<string, string> = {};
        for (const field of (erasure as { fields: readonly string[] }).fields) {
          const value = getField(snap.data() ?? {}, field);
          if (typeof value === 'string' && options.values.has(value)) update[field] = options.pseudonym(value);
        }
        if (Object.keys(update).length === 0) continue;
        batch.update(snap.ref, update);
      } else if (ownEntry) {
        batch.update(snap.ref, new FieldPath(ownEntry.map, ownEntry.value), FieldValue.delete(), ownEntry.index, FieldValue.arrayRemove(ownEntry.value));
      } else {
        batch.delete(snap.ref);
      }
      size++;
      erased++;
      if (size >= BATCH) await flush();
    }
    if (seen < (options.pageSize ?? PAGE)) break;
    if (options.shouldStop?.()) {
      stopped = true;
      break;
    }
  }
  await flush();
  await settle(inflight);
  return { erased, stopped };
}

/** How many documents a located query still finds (the verification after an erasure). */
export async function countLocated(located: Located, erasureFields?: readonly string[], values?: ReadonlySet<string>): Promise<number> {
  if (located.exact && !erasureFields) return (await located.query.count().get()).data().count;
  const snap = await (erasureFields ? located.query.select(...erasureFields) : located.query.select()).get();
  return snap.docs.filter((d) => {
    if (!located.matches(d.ref.path)) return false;
    if (!erasureFields || !values) return true;
    return erasureFields.some((f) => {
      const v = getField(d.data(), f);
      return typeof v === 'string' && values.has(v);
    });
  }).length;
}

/** Waits for every commit (none left running behind an error), then fails with the first error. */
async function settle(commits: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(commits);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
