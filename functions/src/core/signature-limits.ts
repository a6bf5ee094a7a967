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
