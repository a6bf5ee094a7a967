/**
 * Fetch, a lazily loaded screen's code and Firebase Auth all fail this way when Herald cannot be
 * reached. (An answer from the API, an ApiError, carries its HTTP status: it is never one.)
 */
export function isNetworkFailure(err: unknown): boolean {
  if (typeof (err as { status?: unknown } | null)?.status === 'number') return false;
  if (offline()) return true;
  if (err instanceof TypeError) return /fetch|network|load failed|import/i.test(err.message);
  return (err as { code?: unknown } | null)?.code === 'auth/network-request-failed';
}

/** Why Herald could not be reached, as the end of a sentence; a load says it comes back by itself, an action to try again. */
export function networkWords(kind: 'load' | 'action'): string {
  if (offline()) {
    return kind === 'load' ? 'this device is offline. It loads again by itself when the connection returns.' : 'this device is offline. Try again once the connection is back.';
  }
  return 'Herald could not be reached. Check the connection, then try again.';
}

/** The browser knows it has no network (also imported by the unit tests, which run in Node: no DOM types). */
const offline = () => (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false;
