import type { Config } from '../core/config.js';
import { AppError } from '../core/errors.js';
import { signatureRefusal } from '../core/signature-limits.js';

/**
 * Refuses a signature Outlook would reject or mangle (core/signature-limits.ts: longer than
 * Outlook takes, or an image that is not a hosted https:// URL, such as a `cid:` attachment or a
 * `data:` image; HTTP only from the local host outside production). The renderer and template
 * saves already refuse these; this guards the add-in's own answer (templates saved before).
 */
export function assertOutlookSafe(config: Config, html: string): void {
  const refusal = signatureRefusal(html, 'outlook', config.env);
  if (refusal) throw new AppError('failed_precondition', refusal);
}
