import { setLogFunction } from 'firebase-admin/firestore';

/**
 * Counts what the Firestore client puts on the wire and gets back while `fn` runs, read from the
 * SDK's own request log (every request and streamed response, retries included), so the figures
 * do not depend on the code under test reporting them, and mean the same on the official emulator
 * and on the in-memory Firestore:
 * - aggregationQueries: RunAggregationQuery requests (count / sum / avg);
 * - documentReads: documents returned by queries and gets (a get of a missing document counts
 *   too, as Firestore bills it);
 * - readPaths: the path of each of those documents (`tenants/acme`), one entry per read.
 */
export async function countFirestoreRequests<T>(fn: () => Promise<T>): Promise<{ result: T; aggregationQueries: number; documentReads: number; readPaths: string[] }> {
  let aggregationQueries = 0;
  let documentReads = 0;
  const readPaths: string[] = [];
  setLogFunction((line) => {
    if (line.includes('Sending request') && line.includes('structuredAggregationQuery')) aggregationQueries++;
    const at = line.indexOf('Received response: ');
    if (at >= 0) {
      try {
        const chunk = JSON.parse(line.slice(at + 'Received response: '.length)) as { document?: { name?: string }; found?: { name?: string }; missing?: string };
        if (chunk.document || chunk.found || chunk.missing) {
          documentReads++;
          const name = chunk.document?.name ?? chunk.found?.name ?? chunk.missing ?? '';
          readPaths.push(name.slice(name.indexOf('/documents/') + '/documents/'.length));
        }
      } catch {
        /* not a streamed document response */
      }
    }
  });
  try {
    const result = await fn();
    return { result, aggregationQueries, documentReads, readPaths };
  } finally {
    setLogFunction(null);
  }
}

/** Aggregation queries sent while `fn` runs (see countFirestoreRequests). */
export async function countAggregationQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const { result, aggregationQueries } = await countFirestoreRequests(fn);
  return { result, queries: aggregationQueries };
}
