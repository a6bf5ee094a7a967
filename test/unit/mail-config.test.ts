import { describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/src/core/config.js';

const local = { GCLOUD_PROJECT: 'demo-herald' };

describe('mail configuration', () => {
  it('takes the SMTP server from SMTP_URL; `none` or unset sends none, and npm start writes .eml files instead', () => {
    expect(readConfig({ ...local, SMTP_URL: 'smtps://u:p@smtp.example:465' }).mail).toMatchObject({ smtpUrl: 'smtps://u:p@smtp.example:465' });
    expect(readConfig({ ...local, SMTP_URL: 'none' }).mail.smtpUrl).toBeNull();
    expect(readConfig(local).mail).toMatchObject({ smtpUrl: null, dir: '.herald-state/mail', from: 'Herald <alerts@localhost>' });
    expect(readConfig({ ...local, MAIL_FROM: 'Herald <alerts@eu.herald.example>' }).mail.from).toBe('Herald <alerts@eu.herald.example>');
  });

  it('names the field of an SMTP_URL that is not an SMTP URL', () => {
    expect(() => readConfig({ ...local, SMTP_URL: 'https://smtp.example' })).toThrow(/mail\.smtpUrl: must be an smtp:\/\/ or smtps:\/\/ URL/);
  });
});
