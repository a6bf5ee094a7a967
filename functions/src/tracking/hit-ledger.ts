import type { Firestore } from 'firebase-admin/firestore';
import { HIT_LEDGER_RETENTION_DAYS } from '../core/counter-shape.js';
import { collectionPath, docPath } from '../core/paths.js';
import { randomId, type LedgerWrite } from './group-committer.js';

/**
 * The hit ledger (catalog `hitLedger`): each commit that applies queued messages creates, in the
 * same batch, one entry naming them, so a message delivered again, or published after its
 * publisher gave up and committed it directly, is skipped. Kept HIT_LEDGER_RETENTION_DAYS, longer than the subscription keeps a message.
 */
const RETENTION_MS = HIT_LEDGER_RETENTION_DAYS * 86_400_000;
/** Firestore's `array-contains-any` takes at most 30 values. */
const IDS_PER_QUERY = 30;

export function ledgerEntry(ids: string[], hits: number, by: 'drain' | 'fallback', now: Date): LedgerWrite {
  return { path: docPath('hitLedger', { entryId: randomId() }), data: { ids, by, hits, appliedAt: now, expireAt: new Date(now.getTime() + RETENTION_MS) } };
}

/** The ids among `ids` that a ledger entry already names (one query per 30 ids, reading only the entries that match). */
export async function appliedIds(db: Firestore, ids: string[]): Promise<Set<string>> {
  const applied = new Set<string>();
  const wanted = new Set(ids);
  const queries = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    queries.push(db.collection(collectionPath('hitLedger', {})).where('ids', 'array-contains-any', ids.slice(i, i + IDS_PER_QUERY)).select('ids').get());
  }
  for (const snap of await Promise.all(queries)) {
    for (const doc of snap.docs) for (const id of doc.get('ids') as string[]) if (wanted.has(id)) applied.add(id);
  }
  return applied;
}
