import { createHash } from 'node:crypto';
import * as z from 'zod';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { addDays } from '../core/timestamps.js';
import { mailKindSchema, OUTBOX_RETENTION_DAYS } from '../core/schemas/mail.js';

/** What a feature asks to mail to a tenant's owners. */
export interface OwnerMail {
  /** What this is: `alert`, `incident`, `incident.update`… (lower case, dots, dashes). */
  kind: string;
  /** Which one: the alert's or incident's id. (kind, ref) is the mail's identity: queued once. */
  ref: string;
  /** One line, no personal data of employees. */
  subject: string;
  /** Plain text, no personal data of employees beyond what the mail needs. */
  text: string;
}

const ownerMailSchema = z.object({
  kind: mailKindSchema,
  ref: z.string().min(1).max(200),
  // One line: a line break in a subject is how header injection starts (nodemailer encodes it anyway).
  subject: z.string().trim().min(1).max(200).regex(/^[^\r\n]*$/, 'must be one line'),
  text: z.string().min(1).max(20_000),
});

/** The outbox id of (kind, ref): the same mail queued twice is one entry. */
export function outboxId(kind: string, ref: string): string {
  return createHash('sha256').update(`${kind}\n${ref}`).digest('hex').slice(0, 40);
}

/**
 * Records a mail to the tenant's owners in its outbox (once per kind and ref) and enqueues its
 * delivery (mail/deliver-mail.ts). The recipients are never given: each attempt resolves the
 * tenant's owners as they are then. Safe to call again: an entry already there is kept as it is
 * (never rewritten), and a queued one gets its delivery enqueued again (the task id dedupes it).
 */
export async function queueOwnerMail(deps: Deps, tenantId: string, mail: OwnerMail): Promise<{ mailId: string; created: boolean }> {
  const input = ownerMailSchema.parse(mail);
  const mailId = outboxId(input.kind, input.ref);
  const ref = doc(deps.db, 'outbox', { tenantId, mailId });
  const now = deps.now();
  let created = true;
  try {
    await ref.create({
      ...input,
      status: 'queued',
      attempts: 0,
      lastError: null,
      recipients: null,
      createdAt: now,
      sentAt: null,
      expireAt: addDays(now, OUTBOX_RETENTION_DAYS),
    });
  } catch (err) {
    if ((err as { code?: unknown }).code !== 6) throw err; // 6: ALREADY_EXISTS
    created = false;
  }
  const status = created ? 'queued' : (await ref.get()).data()?.status;
  if (status === 'queued') await deps.tasks.enqueue('mail.deliver', { tenantId, mailId }, { id: `mail-${mailId}` });
  return { mailId, created };
}
