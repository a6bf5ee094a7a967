import type { ComposeItemLike } from './office-types.js';
import { packAnswer, unpackAnswer, type SignatureAnswer } from './signature-variants.js';

/**
 * What the add-in remembers about the item being written, in its session data (Mailbox 1.11;
 * phones from 4.2425.0): it lives as long as the item, survives the add-in's runtime being
 * restarted between events (Outlook reloads add-ins on a From change), and is the add-in's own.
 * Clients without session data raise neither the recipients nor the From event, so for them
 * there is nothing to remember.
 */
export interface ItemState {
  /** The From address the answer was fetched for (null: the person's own). */
  sendingAs: string | null;
  /** Fingerprint of the HTML last inserted (signature-variants.ts `fingerprint`). */
  applied: string | null;
  /** Every variant of that answer, to switch on a recipients change without asking the API. */
  answer: SignatureAnswer | null;
}

const KEY = 'heraldState';
/** Session data holds 50,000 characters per add-in on Mailbox 1.15 and earlier: the answer keeps within this. */
export const MAX_SESSION_ANSWER_CHARS = 45_000;

export function readItemState(item: ComposeItemLike): Promise<ItemState | null> {
  const data = item.sessionData;
  return new Promise((resolve) => {
    if (!data) return resolve(null);
    try {
      data.getAsync(KEY, (r) => {
        if (r.status !== 'succeeded' || typeof r.value !== 'string' || !r.value) return resolve(null);
        try {
          const s = JSON.parse(r.value) as { sendingAs?: unknown; applied?: unknown; answer?: unknown };
          resolve({ sendingAs: typeof s.sendingAs === 'string' ? s.sendingAs : null, applied: typeof s.applied === 'string' ? s.applied : null, answer: unpackAnswer(s.answer) });
        } catch {
          resolve(null);
        }
      });
    } catch {
      resolve(null);
    }
  });
}

export function writeItemState(item: ComposeItemLike, state: ItemState): Promise<void> {
  const data = item.sessionData;
  return new Promise((resolve) => {
    if (!data) return resolve();
    const answer = state.answer ? packAnswer(state.answer, MAX_SESSION_ANSWER_CHARS) : null;
    try {
      // The packed answer goes in as JSON, not as a string inside JSON (escaping would outgrow its budget).
      const value = `{"sendingAs":${JSON.stringify(state.sendingAs)},"applied":${JSON.stringify(state.applied)},"answer":${answer ?? 'null'}}`;
      data.setAsync(KEY, value, () => resolve());
    } catch {
      resolve();
    }
  });
}
