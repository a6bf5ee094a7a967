import type { Config } from '../core/config.js';
import { AppError } from '../core/errors.js';
import { SIGNATURE_MAX_CHARS } from '../core/signature-limits.js';

const LOCAL_HTTP = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//i;

/**
 * Refuses a signature Outlook would reject or mangle: longer than the one signature cap (the
 * renderer already refuses to make one; this guards the add-in's own answer), or with an
 * image that is not a hosted HTTPS URL (a `cid:` attachment or plain HTTP; HTTP is allowed only
 * for the local host outside production). Images come from templates and banner view links.
 */
export function assertOutlookSafe(config: Config, html: string): void {
  if (html.length > SIGNATURE_MAX_CHARS) {
    throw new AppError('failed_precondition', `the signature is ${html.length} characters long; a signature may hold at most ${SIGNATURE_MAX_CHARS}`);
  }
  for (const m of html.matchAll(/<img\b[^>]*?\ssrc\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const src = (m[2] ?? m[3] ?? m[4] ?? '').trim();
    const ok = /^https:\/\//i.test(src) || (config.env !== 'production' && LOCAL_HTTP.test(src));
    if (!ok) throw new AppError('failed_precondition', 'the signature has an image that is not a hosted https:// URL; Outlook signatures cannot carry attachments');
  }
}
