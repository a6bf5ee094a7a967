import type { AsyncResult, ComposeItemLike, OfficeLike, RecipientsLike } from './office-types.js';

/**
 * Office.js calls as promises that never reject: a method the client lacks, a failed call or one
 * that throws all give the fallback, so a handler always reaches `event.completed()`.
 */
function ask<T>(call: ((done: (r: AsyncResult<T>) => void) => void) | null, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    if (!call) return resolve(fallback);
    try {
      call((r) => resolve(r.status === 'succeeded' ? r.value : fallback));
    } catch {
      resolve(fallback);
    }
  });
}

/** 'newMail', 'reply' or 'forward' (Mailbox 1.10; messages only). */
export function composeTypeOf(item: ComposeItemLike): Promise<string> {
  const get = item.getComposeTypeAsync;
  return ask(get ? (done) => get.call(item, done) : null, { composeType: 'newMail', coercionType: 'html' }).then((v) => v?.composeType ?? 'newMail');
}

/**
 * The From address, lower case, when it is not the signed-in person's own (a shared mailbox, a
 * delegate's mailbox, an alias); null for their own, or when Outlook cannot say (appointments,
 * clients before Mailbox 1.7).
 */
export async function sendingAsOf(office: OfficeLike, item: ComposeItemLike): Promise<string | null> {
  const from = item.from;
  const value = await ask(from ? (done) => from.getAsync(done) : null, null as { emailAddress: string } | null);
  const address = value?.emailAddress?.trim().toLowerCase();
  if (!address) return null;
  let own: string | undefined;
  try {
    own = office.context.mailbox.userProfile?.emailAddress?.trim().toLowerCase();
  } catch {
    own = undefined;
  }
  return address === own ? null : address;
}

/** Every recipient's address (To, Cc, Bcc); Outlook's display-only entries count as an empty address. */
export async function recipientsOf(item: ComposeItemLike): Promise<string[]> {
  const read = (field: RecipientsLike | undefined) => ask(field ? (done) => field.getAsync(done) : null, [] as { emailAddress: string }[]);
  const lists = await Promise.all([read(item.to), read(item.cc), read(item.bcc)]);
  return lists.flat().map((r) => r?.emailAddress ?? '');
}

export function disableClientSignature(item: ComposeItemLike): Promise<void> {
  const disable = item.disableClientSignatureAsync;
  return ask<void>(disable ? (done) => disable.call(item, done) : null, undefined);
}
