import type { AsyncResult, LaunchEvent, OfficeLike } from '../../outlook-addin/src/office-types.js';

/** Everything the stubbed Outlook saw, in order: the test asserts on this log. */
export type OfficeCall =
  | { call: 'disableClientSignatureAsync' }
  | { call: 'setSignatureAsync'; html: string; coercionType: unknown }
  | { call: 'body.setAsync'; html: string; coercionType: unknown }
  | { call: 'notificationMessages.addAsync'; key: string; message: string }
  | { call: 'roamingSettings.saveAsync'; value: unknown }
  | { call: 'completed' };

const ok = <T>(value: T): AsyncResult<T> => ({ status: 'succeeded', value });

/**
 * A small stand-in for Office.js in a compose form: async methods answer on a later tick like
 * Outlook's, and every call is logged. `composeType` is what getComposeTypeAsync reports.
 */
export function stubOffice(options: { itemType?: 'message' | 'appointment'; composeType?: string; platform?: string; roaming?: Record<string, unknown> } = {}) {
  const calls: OfficeCall[] = [];
  const roaming: Record<string, unknown> = { ...options.roaming };
  const later = (fn: () => void) => setTimeout(fn, 1);
  const itemType = options.itemType ?? 'message';
  const item = {
    itemType,
    body: {
      setSignatureAsync(html: string, opts: { coercionType: unknown }, cb?: (r: AsyncResult<void>) => void) {
        later(() => {
          calls.push({ call: 'setSignatureAsync', html, coercionType: opts.coercionType });
          cb?.(ok(undefined));
        });
      },
      setAsync(html: string, opts: { coercionType: unknown }, cb?: (r: AsyncResult<void>) => void) {
        later(() => {
          calls.push({ call: 'body.setAsync', html, coercionType: opts.coercionType });
          cb?.(ok(undefined));
        });
      },
    },
    ...(itemType === 'message'
      ? { getComposeTypeAsync: (cb: (r: AsyncResult<{ composeType: string; coercionType: string }>) => void) => later(() => cb(ok({ composeType: options.composeType ?? 'newMail', coercionType: 'html' }))) }
      : {}),
    disableClientSignatureAsync(cb?: (r: AsyncResult<void>) => void) {
      later(() => {
        calls.push({ call: 'disableClientSignatureAsync' });
        cb?.(ok(undefined));
      });
    },
    notificationMessages: {
      addAsync(key: string, message: { message: string }, cb?: (r: AsyncResult<void>) => void) {
        calls.push({ call: 'notificationMessages.addAsync', key, message: message.message });
        later(() => cb?.(ok(undefined)));
      },
    },
  };
  const office: OfficeLike = {
    context: {
      platform: options.platform ?? 'PC',
      roamingSettings: {
        get: (name: string) => roaming[name],
        set: (name: string, value: unknown) => {
          roaming[name] = value;
        },
        remove: (name: string) => {
          delete roaming[name];
        },
        saveAsync(cb?: (r: AsyncResult<void>) => void) {
          calls.push({ call: 'roamingSettings.saveAsync', value: { ...roaming } });
          later(() => cb?.(ok(undefined)));
        },
      },
      mailbox: { item },
    },
  };
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
