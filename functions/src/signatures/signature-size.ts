import { listSize } from './signature-too-large.js';
import { escapeText, type SignatureFields } from './render-signature.js';
import { applySections, isPlaceholder, parseTemplate, PLACEHOLDER_RE, type Placeholder } from './template-syntax.js';

/**
 * What a template can write at most, before any user: every section shown and every join part
 * kept (a user can only remove from that), as its own characters plus how often each placeholder
 * is written. With one user's values it gives, in O(placeholders), a size no rendering of the
 * template for that user exceeds (up to the sanitiser re-encoding the template's own markup), so a
 * save checks a tenant of any size and renders only the users that come near the cap.
 */
export interface TemplateShape {
  staticChars: number;
  counts: Map<Placeholder, number>;
}

export function templateShape(templateHtml: string): TemplateShape {
  const widest = applySections(parseTemplate(templateHtml).nodes, () => true);
  const counts = new Map<Placeholder, number>();
  let tokens = 0;
  for (const m of widest.matchAll(PLACEHOLDER_RE)) {
    tokens += m[0].length;
    if (isPlaceholder(m[1]!)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  return { staticChars: widest.length - tokens, counts };
}

/** The longest a value can be written: escaped as text or percent-encoded in a URL. */
const written = (s: string) => Math.max(escapeText(s).length, encodeURIComponent(s).length);
/** The longest list separator: `<br />` between addresses in HTML. */
const LIST_SEPARATOR_CHARS = 6;

function valueChars(fields: SignatureFields, name: Exclude<Placeholder, 'banner'>): number {
  if (name === 'address') return written(fields.addresses[0] ?? '');
  if (name === 'addresses' || name === 'groups') {
    const items = fields[name];
    return items.reduce((sum, item) => sum + written(item), 0) + Math.max(0, items.length - 1) * LIST_SEPARATOR_CHARS;
  }
  return written(fields[name]);
}

/** The most `shape` can write for one user whose banner markup is `bannerChars` long. */
export function sizeBound(shape: TemplateShape, fields: SignatureFields, bannerChars: number): number {
  let total = shape.staticChars;
  for (const [name, count] of shape.counts) total += count * (name === 'banner' ? bannerChars : valueChars(fields, name));
  return total;
}

/** Whether the template writes a list placeholder (`{{addresses}}`, `{{groups}}`) that is over its cap for this user. */
export function overListCap(shape: TemplateShape, fields: SignatureFields): boolean {
  return (['addresses', 'groups'] as const).some((name) => shape.counts.has(name) && listSize(fields[name]).over);
}
