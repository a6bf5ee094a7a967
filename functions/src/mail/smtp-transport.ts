import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../core/config.js';

export interface OutgoingMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** Our own Message-ID: the same entry resent carries the same id, so a mailbox shows it once. */
  messageId: string;
}

export interface MailSender {
  /** Resolves with the addresses the server accepted; rejects when the server refused the mail. */
  send(mail: OutgoingMail): Promise<{ accepted: number }>;
}

const senders = new Map<string, MailSender>();

/**
 * The region's outgoing mail: nodemailer's SMTP client to `config.mail.smtpUrl` (a secret per
 * region). In production a plain `smtp://` server must offer STARTTLS (requireTLS). Without a
 * server outside production (`npm start`), each mail is written as an .eml file under
 * `config.mail.dir`: a developer opens it in any mail client, and no SMTP catcher has to run.
 * Null: this deployment sends no mail (entries stay queued).
 */
export function mailSender(config: Config): MailSender | null {
  const key = `${config.env}|${config.mail.smtpUrl ?? ''}|${config.mail.dir ?? ''}`;
  let sender = senders.get(key);
  if (sender) return sender;
  if (config.mail.smtpUrl) {
    const transport = nodemailer.createTransport({
      url: config.mail.smtpUrl,
      requireTLS: config.env === 'production',
      // A server that hangs fails the attempt (and it is retried) well inside the task's timeout.
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 30_000,
    });
    sender = {
      async send(mail) {
        const info = await transport.sendMail(mail);
        return { accepted: info.accepted.length };
      },
    };
  } else if (config.mail.dir && config.env !== 'production') {
    const dir = config.mail.dir;
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    sender = {
      async send(mail) {
        const info = await transport.sendMail(mail);
        await mkdir(dir, { recursive: true });
        const name = mail.messageId.replace(/[^a-z0-9.-]/gi, '_');
        await writeFile(path.join(dir, `${name}.eml`), info.message as Buffer);
        return { accepted: mail.to.length };
      },
    };
  } else {
    return null;
  }
  senders.set(key, sender);
  return sender;
}
