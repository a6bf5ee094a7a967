/**
 * The parts of Office.js the runtime uses, typed structurally so tests can hand it a stub;
 * runtime.ts checks that the real `Office` object (from @types/office-js) satisfies them.
 */
export interface AsyncResult<T> {
  /** 'succeeded' or 'failed' at run time (office-js declares an enum of those strings). */
  status: unknown;
  value: T;
  error?: { name?: string; message?: string; code?: number } | undefined;
}
type Callback<T> = (result: AsyncResult<T>) => void;

export interface BodyLike {
  setSignatureAsync(data: string, options: { coercionType: 'html' | any }, callback?: Callback<void>): void;
  setAsync(data: string, options: { coercionType: 'html' | any }, callback?: Callback<void>): void;
}

/** A recipient field (to, cc, bcc) in compose mode: Mailbox 1.1, on phones too. */
export interface RecipientsLike {
  getAsync(callback: Callback<{ emailAddress: string }[]>): void;
}

/** The item's session data: Mailbox 1.11 (phones: 4.2425.0), messages and appointments; strings only, per add-in. */
export interface SessionDataLike {
  getAsync(name: string, callback: Callback<string>): void;
  setAsync(name: string, value: string, callback?: Callback<void>): void;
}

export interface ComposeItemLike {
  itemType: 'message' | 'appointment' | any;
  body: BodyLike;
  /** Mailbox 1.7, messages only (phones: from 4.2352.0). */
  from?: { getAsync(callback: Callback<{ emailAddress: string }>): void };
  to?: RecipientsLike;
  cc?: RecipientsLike;
  bcc?: RecipientsLike;
  sessionData?: SessionDataLike;
  /** Mailbox 1.10, messages only. */
  getComposeTypeAsync?: (callback: Callback<{ composeType: string; coercionType: string }>) => void;
  /** Mailbox 1.10, messages and appointments. */
  disableClientSignatureAsync?: (callback?: Callback<void>) => void;
  notificationMessages: {
    addAsync(key: string, message: { type: any; message: string; icon?: string; persistent?: boolean }, callback?: Callback<void>): void;
  };
}

export interface RoamingSettingsLike {
  get(name: string): any;
  set(name: string, value: any): void;
  remove(name: string): void;
  saveAsync(callback?: Callback<void>): void;
}

export interface OfficeLike {
  context: {
    platform?: any;
    roamingSettings: RoamingSettingsLike;
    mailbox: { item?: ComposeItemLike | null | any; userProfile?: { emailAddress: string } | any };
  };
}

/** What an event handler receives: `completed()` must be called exactly once. */
export interface LaunchEvent {
  completed(options?: unknown): void;
}
