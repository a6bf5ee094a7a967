import { ApiError } from '../api';
import { isNetworkFailure, networkWords } from './network';

/**
 * Why something failed, in words a customer reads: never a status code, a route or "Something
 * went wrong" alone.
 */
export function reasonOf(err: unknown): string {
  if (isNetworkFailure(err)) return networkWords('load');
  if (err instanceof ApiError) {
    if (err.status === 401) return 'your session has ended. Sign out and sign in again.';
    if (err.status === 403) return `you are not allowed to see it (${err.plain}).`;
    if (err.status === 429) return 'Herald is busy with many requests. Retry in a minute.';
    if (err.status >= 500) return 'Herald had a problem on its side. Retry in a moment; if it keeps failing, tell your Herald contact.';
    return err.plain;
  }
  return 'the console met an unexpected problem. Retry; if it keeps failing, reload the page.';
}

/** "The campaigns could not be loaded: this device is offline. …" */
export function failureWords(what: string, err: unknown): string {
  return `${what} could not be loaded: ${reasonOf(err)}`;
}

/**
 * Calls `retry` when the browser comes back online; returns the function that stops listening.
 * Every screen's loads use it through Resource, the shell through its route loading.
 */
export function onOnline(retry: () => void): () => void {
  window.addEventListener('online', retry);
  return () => window.removeEventListener('online', retry);
}
