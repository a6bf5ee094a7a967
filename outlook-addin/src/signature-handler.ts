import type { AddinSettings } from '../../functions/src/api-types.js';
import { readItemState, writeItemState, type ItemState } from './item-state.js';
import { composeTypeOf, disableClientSignature, recipientsOf, sendingAsOf } from './office-reads.js';
import type { AsyncResult, ComposeItemLike, LaunchEvent, OfficeLike } from './office-types.js';
import { allColleagues, chooseVariant, fingerprint, packAnswer, unpackAnswer, type SignatureAnswer } from './signature-variants.js';

export type { SignatureAnswer } from './signature-variants.js';

/** What the runtime knows about its region: the settings on the served file's first line (see outlook-addin-app.ts). */
export interface AddinConfig extends AddinSettings {
  /** Milliseconds the API may take before the cached signature is used. */
  timeoutMs?: number;
}

export class SignInRequired extends Error {}

export interface HandlerDeps {
  office: OfficeLike;
  config: AddinConfig;
  /** An Entra access token for Herald's API, silently (NAA); throws SignInRequired when the user must interact. */
  getToken(): Promise<string>;
  fetch: typeof fetch;
  setTimeout: (fn: () => void, ms: number) => unknown;
}

/** setSignatureAsync's limit. */
export const MAX_SIGNATURE_CHARS = 30_000;
/** Roaming settings hold 32 KB in all for the add-in: the cached signature must stay under it. */
export const MAX_CACHE_CHARS = 30_000;
export const CACHE_KEY = 'heraldSignature';
export const SIGNATURE_PATH = '/api/addins/outlook/signature';
/** The header carrying the From address when it is not the person's own (addins/addin-cors.ts FROM_HEADER). */
export const FROM_HEADER = 'X-Herald-From';
const DEFAULT_TIMEOUT_MS = 4000;
/** A handler that has not finished by then lets the next event run (Outlook allows 60 s on phones, 300 s elsewhere). */
const MAX_RUN_MS = 20_000;

type Trigger = 'compose' | 'appointment' | 'fromChanged' | 'recipientsChanged';
type Outcome = { kind: 'signature'; answer: SignatureAnswer } | { kind: 'none' } | { kind: 'unavailable'; signIn: boolean };

/**
 * The launch-event handlers. Each one decides which signature the item should carry (the From
 * address's, the reply or the colleagues' variant), sets it only when that differs from what it
 * set last on this item (kept in the item's session data), and calls `event.completed()` exactly
 * once. Events run one after the other: a reply raises its compose and recipients events
 * together, and two handlers deciding at once would both insert.
 */
export function createSignatureHandlers(deps: HandlerDeps) {
  let queue: Promise<void> = Promise.resolve();
  const handle = (trigger: Trigger) => (event: LaunchEvent) => {
    let done = false;
    const complete = () => {
      if (done) return;
      done = true;
      event.completed();
    };
    const step = () => new Promise<void>((resolve) => {
      deps.setTimeout(resolve, MAX_RUN_MS);
      run(deps, trigger).then(resolve, resolve);
    });
    queue = queue.then(step).then(complete, complete);
  };
  return {
    onNewMessageCompose: handle('compose'),
    onNewAppointmentOrganizer: handle('appointment'),
    onMessageFromChanged: handle('fromChanged'),
    onMessageRecipientsChanged: handle('recipientsChanged'),
  };
}

async function run(deps: HandlerDeps, trigger: Trigger): Promise<void> {
  const item = deps.office.context.mailbox.item as ComposeItemLike | null;
  if (!item) return;
  if (trigger === 'appointment' || item.itemType === 'appointment') return appointment(deps, item, await readItemState(item));

  const [state, sendingAs] = await Promise.all([readItemState(item), sendingAsOf(deps.office, item)]);
  // The same From as when this item was last signed: a recipients change, or the same account
  // picked again in From, switches between the variants already fetched, without asking the API.
  const known = state !== null && state.sendingAs === sendingAs && trigger !== 'compose';
  const [answer, composeType, recipients] = await Promise.all([known ? state.answer : currentAnswer(deps, item, sendingAs), composeTypeOf(item), recipientsOf(item)]);
  if (!answer) {
    // "No signature" is remembered too, so recipients changes do not ask again; an outage is not.
    if (answer === null && !known) await writeItemState(item, { sendingAs, applied: state?.applied ?? null, answer: null });
    return;
  }
  const variant = chooseVariant(answer, { reply: composeType === 'reply' || composeType === 'forward', internal: allColleagues(recipients, answer.verifiedDomains) });
  if (!variant.html || variant.html.length > MAX_SIGNATURE_CHARS) return;
  const applied = fingerprint(variant.html);
  // Already there, for this From: set nothing (setSignatureAsync replaces, but a needless call
  // moves the cursor and, on phones, redraws). A new From is always set: Outlook may have cleared it.
  if (state && state.applied === applied && state.sendingAs === sendingAs) {
    if (!known) await writeItemState(item, { sendingAs, applied, answer });
    return;
  }
  await disableClientSignature(item);
  await call((done) => item.body.setSignatureAsync(variant.html, { coercionType: 'html' }, done));
  await writeItemState(item, { sendingAs, applied, answer });
}

/**
 * A new meeting: the full signature, once. Outlook on the web and new Outlook set signatures on
 * messages only, so there it goes into the body with `body.setAsync`, which replaces the whole
 * body: the session data records it, so a second run can never overwrite what the person wrote.
 */
async function appointment(deps: HandlerDeps, item: ComposeItemLike, state: ItemState | null): Promise<void> {
  if (state?.applied) return;
  const answer = await currentAnswer(deps, item, null);
  if (!answer?.html || answer.html.length > MAX_SIGNATURE_CHARS) return;
  await disableClientSignature(item);
  if (String(deps.office.context.platform) === 'OfficeOnline') await call((done) => item.body.setAsync('<br/><br/>' + answer.html, { coercionType: 'html' }, done));
  else await call((done) => item.body.setSignatureAsync(answer.html, { coercionType: 'html' }, done));
  await writeItemState(item, { sendingAs: null, applied: fingerprint(answer.html), answer: null });
}

/**
 * The signature for this From: the API's answer (the person's own one is cached in roaming
 * settings), or, when the API is slow or down, the cached one (the person's own, never another's).
 * Null when the API says there is none (the cache is forgotten too); undefined when it is
 * unavailable and nothing is cached.
 */
async function currentAnswer(deps: HandlerDeps, item: ComposeItemLike, sendingAs: string | null): Promise<SignatureAnswer | null | undefined> {
  const outcome = await fetchSignature(deps, sendingAs);
  if (outcome.kind === 'signature') {
    if (!outcome.answer.sendingAs) saveCache(deps, outcome.answer);
    return outcome.answer;
  }
  if (outcome.kind === 'none') {
    forgetCache(deps);
    return null;
  }
  if (outcome.signIn) notify(item, 'Sign in to Microsoft 365 in Outlook so Herald can insert your company signature.');
  return readCache(deps) ?? undefined;
}

function call(fn: (done: (r: AsyncResult<void>) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      fn(() => resolve());
    } catch (err) {
      reject(err);
    }
  });
}

async function fetchSignature(deps: HandlerDeps, sendingAs: string | null): Promise<Outcome> {
  const timeoutMs = deps.config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  let timer: () => void = () => undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = () => resolve({ kind: 'unavailable', signIn: false });
    deps.setTimeout(() => {
      controller?.abort();
      timer();
    }, timeoutMs);
  });
  const attempt = (async (): Promise<Outcome> => {
    let token: string;
    try {
      token = await deps.getToken();
    } catch (err) {
      return { kind: 'unavailable', signIn: err instanceof SignInRequired };
    }
    try {
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
      if (sendingAs) headers[FROM_HEADER] = sendingAs;
      const res = await deps.fetch(deps.config.apiOrigin + SIGNATURE_PATH, { headers, ...(controller ? { signal: controller.signal } : {}) });
      if (res.status === 401) return { kind: 'unavailable', signIn: true };
      // No template for this employee, not (or no longer) connected: nothing to insert, and no stale cache either.
      if (res.status === 403 || res.status === 404 || res.status === 410 || res.status === 412) return { kind: 'none' };
      if (!res.ok) return { kind: 'unavailable', signIn: false };
      const body = unpackAnswer(await res.json());
      return body ? { kind: 'signature', answer: body } : { kind: 'unavailable', signIn: false };
    } catch {
      return { kind: 'unavailable', signIn: false };
    }
  })();
  return Promise.race([attempt, timeout]);
}

function readCache(deps: HandlerDeps): SignatureAnswer | null {
  try {
    return unpackAnswer(deps.office.context.roamingSettings.get(CACHE_KEY));
  } catch {
    return null;
  }
}

/** Caches the person's own answer if it fits roaming settings (32 KB for everything), dropping variants in packAnswer's order. */
function saveCache(deps: HandlerDeps, answer: SignatureAnswer): void {
  const value = packAnswer(answer, MAX_CACHE_CHARS);
  if (value === null) return;
  const settings = deps.office.context.roamingSettings;
  if (settings.get(CACHE_KEY) === value) return;
  settings.set(CACHE_KEY, value);
  settings.saveAsync(() => undefined);
}

/** The API says there is no signature for this employee any more: an outage later must not bring the old one back. */
function forgetCache(deps: HandlerDeps): void {
  const settings = deps.office.context.roamingSettings;
  if (settings.get(CACHE_KEY) === undefined) return;
  settings.remove(CACHE_KEY);
  settings.saveAsync(() => undefined);
}

function notify(item: ComposeItemLike, message: string): void {
  item.notificationMessages.addAsync('heraldSignIn', { type: 'informationalMessage', message, icon: 'Icon.16x16', persistent: false }, (_r: AsyncResult<void>) => undefined);
}
