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
type Cb<T> = ((r: Office.AsyncResult<T>) => void) | undefined;
/** The callback of an office-js method whose options argument may be left out. */
const callbackOf = <T>(a: unknown, b: unknown): Cb<T> => (typeof a === 'function' ? (a as Cb<T>) : (b as Cb<T>));
const coercionOf = (a: unknown) => (typeof a === 'object' && a ? (a as Office.CoercionTypeOptions).coercionType : undefined);

/**
 * A small stand-in for Office.js in a compose form: async methods answer on a later tick like
 * Outlook's, and every call is logged. `composeType` is what getComposeTypeAsync reports. Each
 * method is typed with Microsoft's declaration (@types/office-js), so a fake that drifts from the
 * real API, or a runtime calling it differently, does not compile.
 */
export function stubOffice(options: { itemType?: 'message' | 'appointment'; composeType?: string; platform?: string; roaming?: Record<string, unknown> } = {}) {
  const calls: OfficeCall[] = [];
  const roaming: Record<string, unknown> = { ...options.roaming };
  const later = (fn: () => void) => setTimeout(fn, 1);
  const itemType = options.itemType ?? 'message';
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
  const item = {
    itemType,
    body,
    ...(itemType === 'message' ? { getComposeTypeAsync } : {}),
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
  const office: OfficeLike = { context: { platform: options.platform ?? 'PC', roamingSettings, mailbox: { item } } };
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const event: LaunchEvent = {
    completed() {
      calls.push({ call: 'completed' });
      resolveDone();
    },
  };
  return { office, event, calls, roaming, done };
}
