/**
 * How long a rendered signature may be: one cap for every path that renders one (template saves,
 * previews, GET /api/me/signature, the Outlook add-in, the Gmail deployment), so a signature that
 * one path serves is never refused, or cut, by another.
 */

/**
 * Gmail refuses a `users.settings.sendAs` signature longer than 10,000 characters (HTTP 400
 * "Signature exceeds maximum length of 10000 characters"); the limit counts the HTML.
 */
export const GMAIL_SIGNATURE_MAX_CHARS = 10_000;

/** Outlook's `body.setSignatureAsync` takes at most 30,000 characters. */
export const OUTLOOK_SIGNATURE_MAX_CHARS = 30_000;

/** One rendering serves both clients: the smaller of the two, for the HTML and the plain text alike. */
export const SIGNATURE_MAX_CHARS = Math.min(GMAIL_SIGNATURE_MAX_CHARS, OUTLOOK_SIGNATURE_MAX_CHARS);

/**
 * A list placeholder (`{{addresses}}`, `{{groups}}`) expands to at most this many items and this
 * many characters (joined, before escaping): a directory record may hold 200 groups of 200
 * characters, which no signature shows. Beyond it the rendering is refused, never cut.
 */
export const LIST_PLACEHOLDER_MAX_ITEMS = 20;
export const LIST_PLACEHOLDER_MAX_CHARS = 3_000;

/**
 * What each mail client takes, stated once: the length above, and images only at an https://
 * address (Gmail drops `data:` images; Outlook signatures cannot carry `cid:` attachments; both
 * load remote images over HTTPS). Checked when a template is saved (sanitize-template.ts), before
 * a Gmail push (google/gmail-signature.ts), and before the Outlook add-in or the Gmail add-on
 * inserts anything (addins/outlook-safe-signature.ts, gmail-addon/gmail-addon-app.ts).
 */
export const SIGNATURE_CLIENTS = {
  gmail: { label: 'Gmail', maxChars: GMAIL_SIGNATURE_MAX_CHARS },
  outlook: { label: 'Outlook', maxChars: OUTLOOK_SIGNATURE_MAX_CHARS },
} as const;
export type SignatureClient = keyof typeof SIGNATURE_CLIENTS;

/** Where the signature runs: plain HTTP images are allowed only from the local host outside production (the demo). */
export type ImageHostPolicy = 'production' | 'local' | 'test';

const IMG_SRC = /<img\b[^>]*?\ssrc\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const LOCAL_HTTP = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//i;

/** The `src` of every `<img>` in the HTML. */
export function imageSources(html: string): string[] {
  return [...html.matchAll(IMG_SRC)].map((m) => (m[2] ?? m[3] ?? m[4] ?? '').trim());
}

/** Why a mail client would not show this image (a sentence naming no setting), or null when it is a hosted https:// image. */
export function imageSourceProblem(src: string, env: ImageHostPolicy): string | null {
  const s = src.trim();
  if (/^https:\/\/[^/]/i.test(s)) return null;
  if (env !== 'production' && LOCAL_HTTP.test(s)) return null;
  if (/^data:/i.test(s)) return 'an image is embedded in the HTML (a data: image), which Gmail removes; upload the image or use its https:// address';
  if (/^cid:/i.test(s)) return 'an image is an email attachment (cid:), which a signature cannot carry; upload the image or use its https:// address';
  return 'an image is not at an https:// address, and mail clients load signature images over HTTPS only; upload the image or use its https:// address';
}

/** Why this client would refuse or mangle the signature, or null when it takes it as is. */
export function signatureRefusal(html: string, client: SignatureClient, env: ImageHostPolicy): string | null {
  const { label, maxChars } = SIGNATURE_CLIENTS[client];
  if (html.length > maxChars) return `the signature is ${html.length} characters long; ${label} takes at most ${maxChars}`;
  for (const src of imageSources(html)) {
    const problem = imageSourceProblem(src, env);
    if (problem) return problem;
  }
  return null;
}
