import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxId, queueOwnerMail } from '../../functions/src/mail/queue-owner-mail.js';
import { startSmtpCatcher } from '../support/smtp-catcher.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/** Issue 23 item 1: mail to a tenant's owners, through nodemailer to a real SMTP server, retried, never lost. */
let env: TestEnv;
let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
let secondOwner: string;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  env = await createTestEnv({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Herald <alerts@herald.example>' } });
  secondOwner = (await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'owner' })).email;
  // An admin of the same tenant is not an owner: never a recipient.
  await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'admin' });
});
afterAll(async () => smtp?.close());

const outbox = (tenantId: string, kind: string, ref: string) => env.deps.db.doc(`tenants/${tenantId}/outbox/${outboxId(kind, ref)}`).get();

describe('mail to owners', () => {
  it("reaches exactly the tenant's owners, from the configured sender, and is marked sent", async () => {
    const before = smtp.mails.length;
    await queueOwnerMail(env.deps, 'acme', { kind: 'alert', ref: 'first', subject: 'Herald alert: a test', text: 'Something to look at.' });
    await env.deps.tasks.drain();
    const got = smtp.mails.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.to.sort()).toEqual([DEMO.acmeOwner, secondOwner].sort());
    expect(got[0]!.from).toBe('alerts@herald.example');
    expect(got[0]!.raw).toContain('Subject: Herald alert: a test');
    expect(got[0]!.raw).toContain('Something to look at.');
    const entry = (await outbox('acme', 'alert', 'first')).data()!;
    expect(entry).toMatchObject({ status: 'sent', attempts: 1, recipients: 2, lastError: null });
    // No address is stored in the outbox.
    expect(JSON.stringify(entry)).not.toContain('@');
  });

  it('queues the same (kind, ref) once, and sends it once', async () => {
    const before = smtp.mails.length;
    const mail = { kind: 'alert', ref: 'twice', subject: 'Once', text: 'Only once.' };
    const [a, b] = await Promise.all([queueOwnerMail(env.deps, 'acme', mail), queueOwnerMail(env.deps, 'acme', { ...mail, text: 'rewritten?' })]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    await env.deps.tasks.drain();
    await queueOwnerMail(env.deps, 'acme', mail);
    await env.deps.tasks.drain();
    expect(smtp.mails.slice(before)).toHaveLength(1);
    expect((await outbox('acme', 'alert', 'twice')).data()).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries with backoff when the server refuses, keeping the entry queued with its attempts, until it is accepted', async () => {
    const before = smtp.mails.length;
    smtp.refuse(2);
    await queueOwnerMail(env.deps, 'acme', { kind: 'alert', ref: 'busy', subject: 'Busy server', text: 'Third time lucky.' });
    await env.deps.tasks.drain();
    expect(smtp.mails.slice(before)).toHaveLength(1);
    expect((await outbox('acme', 'alert', 'busy')).data()).toMatchObject({ status: 'sent', attempts: 3, lastError: null, recipients: 2 });
    // The refusals were logged with their code only.
    expect(env.log.entries.filter((e) => e.message === 'owner mail not sent').map((e) => e.fields?.code)).toEqual(['421', '421']);
  });

  it('never loses an entry the server keeps refusing: it stays queued with its attempt count and the last code', async () => {
    smtp.refuse(1000);
    try {
      await queueOwnerMail(env.deps, 'acme', { kind: 'alert', ref: 'down', subject: 'Server down', text: 'Never accepted.' });
      await env.deps.tasks.drain();
      const entry = (await outbox('acme', 'alert', 'down')).data()!;
      expect(entry).toMatchObject({ status: 'queued', attempts: 30, lastError: { code: '421' }, sentAt: null });
    } finally {
      smtp.refuse(0);
    }
  });

  it("sends another tenant's mail to that tenant's owners only", async () => {
    const initechOwner = await env.account({ domain: 'initech.example', tenantId: 'initech', role: 'owner' });
    const before = smtp.mails.length;
    await queueOwnerMail(env.deps, 'initech', { kind: 'alert', ref: 'first', subject: 'For Initech', text: 'Initech only.' });
    await env.deps.tasks.drain();
    const got = smtp.mails.slice(before);
    expect(got.map((m) => m.to)).toEqual([[initechOwner.email]]);
  });

  it('refuses a subject of two lines (header injection) and writes nothing', async () => {
    await expect(queueOwnerMail(env.deps, 'acme', { kind: 'alert', ref: 'inject', subject: 'Hi\r\nBcc: someone@elsewhere.example', text: 'x' })).rejects.toThrow();
    expect((await outbox('acme', 'alert', 'inject')).exists).toBe(false);
  });
});
