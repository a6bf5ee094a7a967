import type { AddinSettings, UserSignature } from '../../functions/src/api-types.js';
import type { AsyncResult, ComposeItemLike, LaunchEvent, OfficeLike } from './office-types.js';

/** What the runtime knows about its region: the settings on the served file's first line (see outlook-addin-app.ts). */
export interface AddinConfig extends AddinSettings {
  /** Milliseconds the API may take before the cached signature is used. */
  timeoutMs?: number;
}

/**
 * What the handler reads of the API's answer (GET /api/addins/outlook/signature, a `UserSignature`)
 * and keeps in roaming settings: the HTML, and the reply/forward variant's when the template defines
 * one (`reply` may be missing from a signature cached by an earlier version of the add-in).
 */
export interface SignatureAnswer extends Pick<UserSignature, 'html'> {
  reply?: Pick<NonNullable<UserSignature['reply']>, 'html'> | null;
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
const DEFAULT_TIMEOUT_MS = 4000;

type Outcome = { kind: 'signature'; answer: SignatureAnswer } | { kind: 'none' } | { kind: 'unavailable'; signIn: boolean };

/**
 * The launch-event handlers. Each one: fetch the employee's signature (token, absolute URL,
 * timeout), fall back to the last signature cached in roaming settings when the API is slow or
 * down, turn off Outlook's own signature so two don't stack, set ours, and call
 * `event.completed()` once, inside the callback of the call that set it.
 */
export function createSignatureHandlers(deps: HandlerDeps) {
  const handle = (trigger: 'compose' | 'appointment' | 'fromChanged') => (event: LaunchEvent) => {
    let done = false;
    const complete = () => {
      if (done) return;
      done = true;
      event.completed();
    };
    run(deps, trigger, complete).catch(() => complete());
  };
  return {
    onNewMessageCompose: handle('compose'),
    onNewAppointmentOrganizer: handle('appointment'),
    onMessageFromChanged: handle('fromChanged'),
  };
}

async function run(deps: HandlerDeps, trigger: 'compose' | 'appointment' | 'fromChanged', complete: () => void): Promise<void> {
  const item = deps.office.context.mailbox.item as ComposeItemLike | null;
  if (!item) return complete();
  const [composeType, outcome] = await Promise.all([composeTypeOf(item), fetchSignature(deps)]);
  let answer: SignatureAnswer | null = null;
  if (outcome.kind === 'signature') {
    answer = outcome.answer;
    saveCache(deps, answer);
  } else if (outcome.kind === 'unavailable') {
    answer = readCache(deps);
    if (outcome.signIn) notify(item, 'Sign in to Microsoft 365 in Outlook so Herald can insert your company signature.');
  } else {
    forgetCache(deps);
  }
  if (!answer) return complete();
  const isReply = trigger !== 'appointment' && (composeType === 'reply' || composeType === 'forward');
  const html = isReply && answer.reply?.html ? answer.reply.html : answer.html;
  if (!html || html.length > MAX_SIGNATURE_CHARS) return complete();
  await disableClientSignature(item);
  if (item.itemType === 'appointment' && String(deps.office.context.platform) === 'OfficeOnline') {
    // Outlook on the web and new Outlook set signatures on messages only: appointments get it in the body.
    item.body.setAsync('<br/><br/>' + html, { coercionType: 'html' }, () => complete());
  } else {
    item.body.setSignatureAsync(html, { coercionType: 'html' }, () => complete());
  }
}

async function fetchSignature(deps: HandlerDeps): Promise<Outcome> {
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
      const res = await deps.fetch(deps.config.apiOrigin + SIGNATURE_PATH, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        ...(controller ? { signal: controller.signal } : {}),
      });
      if (res.status === 401) return { kind: 'unavailable', signIn: true };
      // No template for this employee, not (or no longer) connected: nothing to insert, and no stale cache either.
      if (res.status === 403 || res.status === 404 || res.status === 410 || res.status === 412) return { kind: 'none' };
      if (!res.ok) return { kind: 'unavailable', signIn: false };
      const body = (await res.json()) as SignatureAnswer;
      return typeof body?.html === 'string' ? { kind: 'signature', answer: body } : { kind: 'unavailable', signIn: false };
    } catch {
      return { kind: 'unavailable', signIn: false };
    }
  })();
  return Promise.race([attempt, timeout]);
}

function composeTypeOf(item: ComposeItemLike): Promise<string> {
  return new Promise((resolve) => {
    if (!item.getComposeTypeAsync) return resolve('newMail');
    item.getComposeTypeAsync((r) => resolve(r.status === 'succeeded' ? r.value.composeType : 'newMail'));
  });
}

function disableClientSignature(item: ComposeItemLike): Promise<void> {
  return new Promise((resolve) => {
    if (!item.disableClientSignatureAsync) return resolve();
    item.disableClientSignatureAsync(() => resolve());
  });
}

function readCache(deps: HandlerDeps): SignatureAnswer | null {
  try {
    const raw = deps.office.context.roamingSettings.get(CACHE_KEY);
    const parsed = typeof raw === 'string' ? (JSON.parse(raw) as SignatureAnswer) : null;
    return parsed && typeof parsed.html === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/** Caches the answer if it fits roaming settings (32 KB for everything); a reply variant that does not fit is dropped first. */
function saveCache(deps: HandlerDeps, answer: SignatureAnswer): void {
  let value = JSON.stringify({ html: answer.html, reply: answer.reply ?? null });
  if (value.length > MAX_CACHE_CHARS) value = JSON.stringify({ html: answer.html, reply: null });
  if (value.length > MAX_CACHE_CHARS) return;
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
