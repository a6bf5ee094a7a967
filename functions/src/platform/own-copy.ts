/**
 * A copy of `s` that shares no memory with the string it was cut from. V8 keeps a substring of 13
 * characters or more (from `slice`, `split`, ...) as a view that holds its whole parent alive, and a
 * concatenation as a pair of parts: fine for a moment, wasteful for strings kept by the hundred
 * thousand (e.g. a document id cut from its ~100-character resource name, kept for a whole sync).
 */
export function ownCopy(s: string): string {
  // One byte per character when every character fits (ids and most emails), else two.
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\xff]*$/.test(s) ? Buffer.from(s, 'latin1').toString('latin1') : Buffer.from(s, 'utf16le').toString('utf16le');
}
