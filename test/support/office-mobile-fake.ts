/// <reference types="office-js" />
import type { LaunchEvent, OfficeLike } from '../../outlook-addin/src/office-types.js';

/**
 * Outlook on Android and iOS as the runtime meets it on a launch event, typed against Microsoft's
 * declared API (@types/office-js): each method below must match office-js' signature or the suite
 * does not compile. Only what Outlook mobile offers an event-based add-in exists: Mailbox 1.5
 * (here: the recipient fields' getAsync, userProfile) plus the later methods Microsoft enables
 * there (body.setSignatureAsync, disableClientSignatureAsync, getComposeTypeAsync, from.getAsync,
 * sessionData from 4.2425.0; learn.microsoft.com/office/dev/add-ins/outlook/mobile-event-based#additional-supported-apis,
 * and outlook-mobile-apis for what phones refuse).
 * Touching anything else (body.setAsync is there but never needed; appointments never raise an
 * event) throws, so a runtime that leans on an API phones lack fails its test.
 */
export type MobileCall =
  | { call: 'disableClientSignatureAsync' }
  | { call: 'setSignatureAsync'; html: string; coercionType: unknown }
  | { call: 'notificationMessages.addAsync'; key: string; message: string }
  | { call: 'roamingSettings.saveAsync' }
  | { call: 'completed' };

/** office-js declares the status as an enum Outlook fills with 'succeeded' at run time; no Office global exists here. */
const ok = <T>(value: T) => ({ status: 'succeeded', value, error: undefined as unknown as Office.Error, asyncContext: undefined, diagnostics: undefined }) as unknown as Office.AsyncResult<T>;
type Cb<T> = ((r: Office.AsyncResult<T>) => void) | undefined;
/** The callback of an office-js method with an optional options argument first. */
const callbackOf = <T>(a: unknown, b: unknown): Cb<T> => (typeof a === 'function' ? (a as Cb<T>) : (b as Cb<T>));

/** Anything not on the mobile list throws when touched. */
function onlyThese<T extends object>(what: string, target: T): T {
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'symbol' || key === 'then' || key in t) return Reflect.get(t, key, receiver);
      throw new Error(`Outlook mobile offers an event-based add-in no ${what}.${key}`);
    },
  });
}

export function mobileOutlook(options: { platform: 'iOS' | 'Android'; composeType?: 'newMail' | 'reply' | 'forward'; roaming?: Record<string, unknown>; from?: string; to?: string[] }) {
  const calls: MobileCall[] = [];
  const roaming: Record<string, unknown> = { ...options.roaming };
  const session: Record<string, string> = {};
  const later = (fn: () => void) => setTimeout(fn, 1);
  const own = 'jane.doe@acme.example';
  const recipients = { to: options.to ?? [], cc: [] as string[], bcc: [] as string[] };
  let from = options.from ?? own;
  const details = (emailAddress: string) => ({ emailAddress, displayName: emailAddress, recipientType: 'other' }) as Office.EmailAddressDetails;
  const field = (name: keyof typeof recipients): Pick<Office.Recipients, 'getAsync'> =>
    onlyThese(`item.${name}`, {
      getAsync(optionsOrCallback: unknown, callback?: unknown) {
        later(() => callbackOf<Office.EmailAddressDetails[]>(optionsOrCallback, callback)?.(ok(recipients[name].map(details))));
      },
    });
  const fromField: Pick<Office.From, 'getAsync'> = {
    getAsync(optionsOrCallback?: unknown, callback?: unknown) {
      later(() => callbackOf<Office.EmailAddressDetails>(optionsOrCallback, callback)?.(ok(details(from))));
    },
  };
  const sessionData: Pick<Office.SessionData, 'getAsync' | 'setAsync'> = {
    getAsync(name: string, callback: (r: Office.AsyncResult<string>) => void) {
      later(() => callback(name in session ? ok(session[name]!) : ({ status: 'failed', value: undefined, error: { name: 'Error', message: 'no such key', code: 9000 } } as unknown as Office.AsyncResult<string>)));
    },
    setAsync(name: string, value: string, optionsOrCallback?: unknown, callback?: unknown) {
      session[name] = value;
      later(() => callbackOf<void>(optionsOrCallback, callback)?.(ok(undefined)));
    },
  };

  const body: Pick<Office.Body, 'setSignatureAsync'> = {
    setSignatureAsync(data: string, optionsOrCallback?: unknown, callback?: unknown) {
      const coercionType = typeof optionsOrCallback === 'object' ? (optionsOrCallback as Office.CoercionTypeOptions).coercionType : undefined;
      later(() => {
        calls.push({ call: 'setSignatureAsync', html: data, coercionType });
        callbackOf<void>(optionsOrCallback, callback)?.(ok(undefined));
      });
    },
  };
  const notificationMessages: Pick<Office.NotificationMessages, 'addAsync'> = {
    addAsync(key: string, details: Office.NotificationMessageDetails, optionsOrCallback?: unknown, callback?: unknown) {
      calls.push({ call: 'notificationMessages.addAsync', key, message: details.message });
      later(() => callbackOf<void>(optionsOrCallback, callback)?.(ok(undefined)));
    },
  };
  const item: Pick<Office.MessageCompose, 'itemType' | 'getComposeTypeAsync' | 'disableClientSignatureAsync'> & {
    body: typeof body;
    notificationMessages: typeof notificationMessages;
    from: typeof fromField;
    to: Pick<Office.Recipients, 'getAsync'>;
    cc: Pick<Office.Recipients, 'getAsync'>;
    bcc: Pick<Office.Recipients, 'getAsync'>;
    sessionData: typeof sessionData;
  } = {
    itemType: 'message' as Office.MailboxEnums.ItemType,
    from: onlyThese('item.from', fromField),
    to: field('to'),
    cc: field('cc'),
    bcc: field('bcc'),
    sessionData: onlyThese('item.sessionData', sessionData),
    body: onlyThese('item.body', body),
    notificationMessages: onlyThese('item.notificationMessages', notificationMessages),
    getComposeTypeAsync(optionsOrCallback: unknown, callback?: unknown) {
      later(() => callbackOf<any>(optionsOrCallback, callback)?.(ok({ composeType: options.composeType ?? 'newMail', coercionType: 'html' })));
    },
    disableClientSignatureAsync(optionsOrCallback?: unknown, callback?: unknown) {
      later(() => {
        calls.push({ call: 'disableClientSignatureAsync' });
        callbackOf<void>(optionsOrCallback, callback)?.(ok(undefined));
      });
    },
  };
  const roamingSettings: Office.RoamingSettings = {
    get: (name: string) => roaming[name],
    set: (name: string, value: any) => {
      roaming[name] = value;
    },
    remove: (name: string) => {
      delete roaming[name];
    },
    saveAsync(callback?: (r: Office.AsyncResult<void>) => void) {
      calls.push({ call: 'roamingSettings.saveAsync' });
      later(() => callback?.(ok(undefined)));
    },
  };
  const office: OfficeLike = {
    context: onlyThese('context', {
      platform: options.platform as unknown as Office.PlatformType,
      roamingSettings,
      mailbox: onlyThese('mailbox', { item: onlyThese('item', item), userProfile: onlyThese('userProfile', { emailAddress: own } as Pick<Office.UserProfile, 'emailAddress'>) }),
    }),
  };
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
    fire: async (handler: (event: LaunchEvent) => void) => {
      const e = newEvent();
      handler(e.event);
      await e.done;
    },
    setFrom: (address: string) => void (from = address),
    setRecipients: (next: Partial<typeof recipients>) => void Object.assign(recipients, next),
  };
}
