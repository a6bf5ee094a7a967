/**
 * Directory search keys: the one function that turns a user's effective name and email into the
 * lower-cased, accent-free prefixes stored in `searchKeys` (an indexed array on the user document).
 * A search is then one `array-contains` query on the normalised query, ordered by email: it reads
 * the page it answers, never the directory (directory/search-users.ts).
 *
 * Every writer of a user document stores the keys: full writes through the catalog schema (its
 * transform, schemas/user.ts), partial writes through `searchKeysOf` (the users converter refuses
 * a partial write of a name or email without them, catalog.ts).
 */

/** Longest key: a longer query is looked up by its first SEARCH_KEY_MAX characters, then checked whole. */
export const SEARCH_KEY_MAX = 20;

/** The fields the keys are derived from: the effective (overrides applied) name, and the email. */
export interface SearchFields {
  email: string;
  firstName: string;
  lastName: string;
}

/**
 * Lower case, accents removed (NFKD, then combining marks dropped), apostrophes dropped (O'Brien is
 * "obrien"), and every other run of punctuation or space one space: "Jean-Luc", "jean luc" and
 * "jean.luc" read alike.
 */
export function searchForm(text: string): string {
  return ASCII.test(text) ? asciiSearchForm(text) : unicodeSearchForm(text);
}

/**
 * The same on ASCII text, which most names and every address the sync writes are: there NFKD changes
 * nothing, there are no combining marks, and letters and digits are [a-z0-9] once lower-cased. The
 * Unicode path's regexes cost ~3 % of a first sync's CPU (three texts a user); test/unit/search-keys.test.ts
 * checks the two agree on every ASCII character and on random ASCII strings.
 */
export function asciiSearchForm(text: string): string {
  return text.toLowerCase().replace(/['`]/g, '').replace(/[^a-z0-9@]+/g, ' ').trim();
}
const ASCII = /^[\x00-\x7f]*$/;

export function unicodeSearchForm(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’ʼ`]/g, '')
    .replace(/[^\p{L}\p{N}@]+/gu, ' ')
    .trim();
}

/** The start of the text and of each word after it. */
function wordStarts(text: string, end = text.length): number[] {
  const starts = text ? [0] : [];
  for (let i = 1; i < end; i++) if (text[i - 1] === ' ') starts.push(i);
  return starts;
}

function addPrefixes(keys: string[], text: string, from: number): void {
  const rest = text.slice(from, from + SEARCH_KEY_MAX);
  for (let n = 1; n <= rest.length; n++) if (rest[n - 1] !== ' ') keys.push(rest.slice(0, n));
}

/** The texts a query may be the start of: the name from each word, "last first", and the email from each word of its local part. */
function searchTexts(fields: SearchFields): { text: string; starts: number[] }[] {
  const name = searchForm(`${fields.firstName} ${fields.lastName}`);
  const reversed = searchForm(`${fields.lastName} ${fields.firstName}`);
  const email = searchForm(fields.email);
  const at = email.indexOf('@');
  return [
    { text: name, starts: wordStarts(name) },
    { text: reversed, starts: reversed ? [0] : [] },
    { text: email, starts: wordStarts(email, at < 0 ? email.length : at) },
  ];
}

/**
 * The sorted, distinct keys of a user. Collected with repeats, sorted, then each kept once (a
 * repeat sorts next to its twin): cheaper per user than a Set and its copy into an array, which
 * a sync pays for every person it writes.
 */
export function searchKeysOf(fields: SearchFields): string[] {
  const keys: string[] = [];
  for (const { text, starts } of searchTexts(fields)) for (const s of starts) addPrefixes(keys, text, s);
  keys.sort();
  let kept = 0;
  for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[kept - 1]) keys[kept++] = keys[i]!;
  keys.length = kept;
  return keys;
}

/** A query as it is looked up: its search form, cut to the longest key. */
export function searchKeyOfQuery(query: string): string {
  return searchForm(query).slice(0, SEARCH_KEY_MAX).trimEnd();
}

/** Whether the whole query (any length) starts one of the user's searchable texts where a key would. */
export function matchesSearch(fields: SearchFields, query: string): boolean {
  const q = searchForm(query);
  if (!q) return false;
  return searchTexts(fields).some(({ text, starts }) => starts.some((s) => text.startsWith(q, s)));
}

/** The effective search fields of a stored user: an edited name is searched, not the source's. */
export function searchFieldsOf(user: { email: string; firstName: string; lastName: string; overrides?: { firstName?: string | undefined; lastName?: string | undefined } | undefined }): SearchFields {
  return { email: user.email, firstName: user.overrides?.firstName ?? user.firstName, lastName: user.overrides?.lastName ?? user.lastName };
}

/** Bumped when searchKeysOf changes: the backfill job (directory/backfill-search-keys.ts) rewrites stored keys once per version. */
export const SEARCH_KEYS_VERSION = 1;
