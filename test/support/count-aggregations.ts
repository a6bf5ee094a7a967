import { setLogFunction } from 'firebase-admin/firestore';

/**
 * How many aggregation queries (count / sum / avg: RunAggregationQuery) the Firestore client sends
 * while `fn` runs, read from the SDK's own request log (every request it puts on the wire, retries
 * included), so the count does not depend on the code under test reporting it.
 */
export async function countAggregationQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  let queries = 0;
  setLogFunction((line) => {
    if (line.includes('Sending request') && line.includes('structuredAggregationQuery')) queries++;
  });
  try {
    const result = await fn();
    return { result, queries };
  } finally {
    setLogFunction(null);
  }
}
