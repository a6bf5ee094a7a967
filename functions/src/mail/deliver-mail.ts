import { FieldValue } from 'firebase-admin/firestore';
import type * as z from 'zod';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { mailDeliverPayloadSchema } from '../core/schemas/notice-payload.js';
import type { JobControl } from '../jobs/job-control.js';
import { ownerAddresses } from './owner-addresses.js';
import { mailSender } from './smtp-transport.js';

/** Why an attempt failed, as a code only: a server's reply text may quote an address. */
export class MailNotSent extends Error {
  constructor(readonly code: string) {
    super(`mail not sent: ${code}`);
    this.name = 'MailNotSent';
  }
}

/**
 * The `mail.deliver` job: sends one outbox entry to the tenant's owners. Every attempt is counted
 * on the entry before the send; a refusal records its code and throws, so the task queue retries
 * with backoff (core/jobs.ts) while the entry stays `queued`; an accepted send marks it `sent` with
 * the number of owners it went to. An entry already sent is not sent again.
 */
export async function deliverMail(deps: Deps, payload: z.output<typeof mailDeliverPayloadSchema>, _job: JobControl): Promise<void> {
  const ref = doc(deps.db, 'outbox', { tenantId: payload.tenantId, mailId: payload.mailId });
  const entry = (await ref.get()).data();
  if (!entry || entry.status === 'sent') return;
  await ref.update({ attempts: FieldValue.increment(1) });
  const fail = async (code: string): Promise<never> => {
    await ref.update({ lastError: { code, at: deps.now() } });
    deps.log.warn('owner mail not sent', { tenantId: payload.tenantId, mailId: payload.mailId, code });
    throw new MailNotSent(code);
  };
  const sender = mailSender(deps.config);
  if (!sender) return fail('not_configured');
  const to = await ownerAddresses(deps, payload.tenantId);
  if (to.length === 0) return fail('no_owner_address');
  let accepted: number;
  try {
    ({ accepted } = await sender.send({
      from: deps.config.mail.from,
      to,
      subject: entry.subject,
      text: entry.text,
      messageId: `<${payload.mailId}.${payload.tenantId}@herald.${deps.config.region}>`,
    }));
  } catch (err) {
    const e = err as { responseCode?: unknown; code?: unknown };
    return fail(typeof e.responseCode === 'number' ? String(e.responseCode) : typeof e.code === 'string' ? e.code.slice(0, 40) : 'send_failed');
  }
  await ref.update({ status: 'sent', sentAt: deps.now(), recipients: accepted, lastError: null });
  deps.log.info('owner mail sent', { tenantId: payload.tenantId, mailId: payload.mailId, recipients: accepted });
}
