import type { OutlookSignatureAnswer } from '../../functions/src/api-types.js';

type Html = { html: string };

/**
 * What the add-in reads of the API's answer (GET /api/addins/outlook/signature) and keeps, in
 * roaming settings (the person's own signature, for when the API cannot be reached) and in the
 * item's session data (for a recipients change): the HTML of each variant and the verified
 * domains. Every field but `html` may be missing: an earlier version cached less, and a cache
 * entry over its budget drops variants (see `packAnswer`).
 */
export interface SignatureAnswer extends Pick<OutlookSignatureAnswer, 'html'> {
  reply?: Html | null;
  internal?: Html | null;
  internalReply?: Html | null;
  verifiedDomains?: OutlookSignatureAnswer['verifiedDomains'];
  /** Set when the signature is the one assigned to a shared mailbox or alias (never cached in roaming settings). */
  sendingAs?: OutlookSignatureAnswer['sendingAs'];
}

export type VariantName = 'html' | 'reply' | 'internal' | 'internalReply';

/** What the message is: a reply or forward, and whether every recipient is a colleague. */
export interface Situation {
  reply: boolean;
  internal: boolean;
}

/**
 * The variant to insert, falling back along what the answer holds: colleagues only → `internal`
 * (`internalReply` for a reply), else the external ones; a reply without its own variant gets
 * the new-mail one of the same audience; an answer without internal variants (cached by an
 * earlier version, or dropped for size) gets the external ones.
 */
export function chooseVariant(answer: SignatureAnswer, situation: Situation): { name: VariantName; html: string } {
  const order: VariantName[] = situation.internal ? (situation.reply ? ['internalReply', 'internal', 'reply', 'html'] : ['internal', 'html']) : situation.reply ? ['reply', 'html'] : ['html'];
  for (const name of order) {
    const html = name === 'html' ? answer.html : answer[name]?.html;
    if (html) return { name, html };
  }
  return { name: 'html', html: answer.html };
}

const domainOf = (address: string) => {
  const at = address.lastIndexOf('@');
  return at > 0 && at < address.length - 1 ? address.slice(at + 1).trim().toLowerCase() : null;
};

/**
 * Whether the message goes to colleagues only: at least one recipient, and every one at an
 * address on one of the tenant's verified domains (exactly, as the server checks them). A
 * recipient without an address Outlook resolved counts as outside, so the banner stays.
 */
export function allColleagues(recipients: readonly string[], verifiedDomains: readonly string[] | undefined): boolean {
  if (!recipients.length || !verifiedDomains?.length) return false;
  const verified = new Set(verifiedDomains.map((d) => d.toLowerCase()));
  return recipients.every((r) => {
    const domain = domainOf(r);
    return domain !== null && verified.has(domain);
  });
}

/**
 * The answer as JSON within `budget` characters, dropping variants in this order until it fits:
 * `internalReply` (colleagues' replies then get `internal`), `reply` (replies get the full
 * signature), then `internal` with the domains (colleagues get the full signature, banner
 * included). Null when even `html` alone does not fit.
 */
export function packAnswer(answer: SignatureAnswer, budget: number): string | null {
  const keep = { html: answer.html, reply: answer.reply?.html ? { html: answer.reply.html } : null, internal: answer.internal?.html ? { html: answer.internal.html } : null, internalReply: answer.internalReply?.html ? { html: answer.internalReply.html } : null, verifiedDomains: answer.verifiedDomains ?? [] };
  const steps: ((a: typeof keep) => void)[] = [
    () => undefined,
    (a) => (a.internalReply = null),
    (a) => (a.reply = null),
    (a) => {
      a.internal = null;
      a.verifiedDomains = [];
    },
  ];
  for (const step of steps) {
    step(keep);
    const value = JSON.stringify(keep);
    if (value.length <= budget) return value;
  }
  return null;
}

/** A packed answer read back (its JSON, or the object parsed from it); null for anything that is not one. */
export function unpackAnswer(raw: unknown): SignatureAnswer | null {
  try {
    const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as SignatureAnswer | null;
    return parsed && typeof parsed === 'object' && typeof parsed.html === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * A short fingerprint of the HTML last inserted (its length and FNV-1a hash), kept in the item's
 * session data so a recipients change, or a re-run, that chooses the same HTML sets nothing.
 */
export function fingerprint(html: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < html.length; i++) {
    h ^= html.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${html.length}:${(h >>> 0).toString(16)}`;
}
