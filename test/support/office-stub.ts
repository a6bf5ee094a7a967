/// <reference types="office-js" />
import type { AsyncResult, LaunchEvent, OfficeLike } from '../../outlook-addin/src/office-types.js';

/** Everything the stubbed Outlook saw, in order: the test asserts on this log. */
export type OfficeCall =
  | { call: 'disableClientSignatureAsync' }
  | { call: 'setSignatureAsync'; html: string; coercionType: unknown }
  | { call: 'body.setAsync'; html: string; coercionType: unknown }
  | { call: 'notificationMessages.addAsync'; key: string; message: string }
  | { call: 'roamingSettings.saveAsync'; value: unknown }
  | { call: 'completed' };

const ok = <T>(value: T): AsyncResult<T> & Office.AsyncResult<T> => ({ status: 'succeeded', value }) as unknown as AsyncResult<T> & Office.AsyncResult<T>;
const failed = <T>(message: string): Office.AsyncResult<T> => ({ status: 'failed', value: undefined, error: { name: 'Error', message, code: 9000 } }) as unknown as Office.AsyncResult<T>;
type Cb<T> = ((r: Office.AsyncResult<T>) => void) | undefined;
/** The callback of an office-js method whose options argument may be left out. */
const callbackOf = <T>(a: unknown, b: unknown): Cb<T> => (typeof a === 'function' ? (a as Cb<T>) : (b as Cb<T>));
const coercionOf = (a: unknown) => (typeof a === 'object' && a ? (a as Office.CoercionTypeOptions).coercionType : undefined);
const details = (emailAddress: string): Office.EmailAddressDetails => ({ emailAddress, displayName: emailAddress.split('@')[0] ?? '', recipientType: 'other' }) as Office.EmailAddressDetails;

export interface StubOptions {
  itemType?: 'message' | 'appointment';
  composeType?: string;
  platform?: string;
  roaming?: Record<string, unknown>;
  /** The signed-in person's address (userProfile) and the From address (the person's own unless said). */
  own?: string;
  from?: string;
  to?: string[];
  cc?: string[];
  bcc?: string[];
  /** A client before Mailbox 1.11/1.7: no session data, no from.getAsync. */
  legacy?: boolean;
}

/**
 * A small stand-in for Office.js in a compose form: async methods answer on a later tick like
 * Outlook's, and every call that changes the item is logged. `composeType` is what
 * getComposeTypeAsync reports; From and the recipients can be changed between events
 * (`setFrom`, `setRecipients`), each event fired with `fire(handler)`. The item's session data
 * is kept in `session` (not logged: tests read it). Each method is typed with Microsoft's
 * declaration (@types/office-js), so a fake that drifts from the real API, or a runtime calling
 * it differently, does not compile.
 */
export function stubOffice(options: StubOptions = {}) {
  const calls: OfficeCall[] = [];
  const roaming: Record<string, unknown> = { ...options.roaming };
  const session: Record<string, string> = {};
  const later = (fn: () => void) => setTimeout(fn, 1);
  const itemType = options.itemType ?? 'message';
  const own = options.own ?? 'jane.doe@acme.example';
  let from = options.from ?? own;
  const recipients = { to: options.to ?? [], cc: options.cc ?? [], bcc: options.bcc ?? [] };
  const body: Pick<Office.Body, 'setSignatureAsync' | 'setAsync'> = {
    setSignatureAsync(html: string, opts?: unknown, cb?: unknown) {
      later(() => {
        calls.push({ call: 'setSignatureAsync', html, coercionType: coercionOf(opts) });
        callbackOf<void>(opts, cb)?.(ok(undefined));
      });
    },
    setAsync(html: string, opts?: unknown, cb?: unknown) {
      later(() => {
        calls.push({ call: 'body.setAsync', html, coercionType: coercionOf(opts) });
        callbackOf<void>(opts, cb)?.(ok(undefined));
      });
    },
  };
  const getComposeTypeAsync: Office.MessageCompose['getComposeTypeAsync'] = (opts: unknown, cb?: unknown) =>
    later(() => callbackOf<any>(opts, cb)?.(ok({ composeType: options.composeType ?? 'newMail', coercionType: 'html' })));
  const disableClientSignatureAsync: Office.MessageCompose['disableClientSignatureAsync'] = (opts?: unknown, cb?: unknown) => {
    later(() => {
      calls.push({ call: 'disableClientSignatureAsync' });
      callbackOf<void>(opts, cb)?.(ok(undefined));
    });
  };
  const notificationMessages: Pick<Office.NotificationMessages, 'addAsync'> = {
    addAsync(key: string, message: Office.NotificationMessageDetails, opts?: unknown, cb?: unknown) {
      calls.push({ call: 'notificationMessages.addAsync', key, message: message.message });
      later(() => callbackOf<void>(opts, cb)?.(ok(undefined)));
    },
  };
  const fromField: Pick<Office.From, 'getAsync'> = {
    getAsync(opts?: unknown, cb?: unknown) {
      later(() => callbackOf<Office.EmailAddressDetails>(opts, cb)?.(ok(details(from))));
    },
  };
  const field = (name: keyof typeof recipients): Pick<Office.Recipients, 'getAsync'> => ({
    getAsync(opts: unknown, cb?: unknown) {
      later(() => callbackOf<Office.EmailAddressDetails[]>(opts, cb)?.(ok(recipients[name].map(details))));
    },
  });
  const sessionData: Pick<Office.SessionData, 'getAsync' | 'setAsync'> = {
    getAsync(name: string, cb: (r: Office.AsyncResult<string>) => void) {
      // Outlook fails the call for a key never set.
      later(() => cb(name in session ? ok(session[name]!) : failed('The session data key does not exist.')));
    },
    setAsync(name: string, value: string, opts?: unknown, cb?: unknown) {
      session[name] = value;
      later(() => callbackOf<void>(opts, cb)?.(ok(undefined)));
    },
  };
  const item = {
    itemType,
    body,
    ...(itemType === 'message' ? { getComposeTypeAsync, to: field('to'), cc: field('cc'), bcc: field('bcc') } : {}),
    ...(itemType === 'message' && !options.legacy ? { from: fromField } : {}),
    ...(options.legacy ? {} : { sessionData }),
    disableClientSignatureAsync,
    notificationMessages,
  };
  const roamingSettings: Office.RoamingSettings = {
    get: (name: string) => roaming[name],
    set: (name: string, value: unknown) => {
      roaming[name] = value;
    },
    remove: (name: string) => {
      delete roaming[name];
    },
    saveAsync(cb?: (r: Office.AsyncResult<void>) => void) {
      calls.push({ call: 'roamingSettings.saveAsync', value: { ...roaming } });
      later(() => cb?.(ok(undefined)));
    },
  };
  const userProfile: Pick<Office.UserProfile, 'emailAddress'> = { emailAddress: own };
  const office: OfficeLike = { context: { platform: options.platform ?? 'PC', roamingSettings, mailbox: { item, userProfile } } };

  /** A launch event whose `done` resolves when the handler calls `completed()`. */
  const newEvent = () => {
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const event: LaunchEvent = {
      completed() {
        calls.push({ call: 'completed' });
        resolveDone();
      },
    };
    return { event, done };
  };
  const first = newEvent();
  return {
    office,
    event: first.event,
    done: first.done,
    calls,
    roaming,
    session,
    /** Fires one more launch event at `handler` and waits for its `completed()`. */
    fire: async (handler: (event: LaunchEvent) => void) => {
      const e = newEvent();
      handler(e.event);
      await e.done;
    },
    setFrom: (address: string) => void (from = address),
    setRecipients: (next: Partial<typeof recipients>) => void Object.assign(recipients, next),
  };
}
