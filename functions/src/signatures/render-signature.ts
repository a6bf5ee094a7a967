import type { DirectoryFields } from '../core/schemas/user.js';
import { SIGNATURE_MAX_CHARS } from '../core/signature-limits.js';
import { emailSafe } from './email-safe-html.js';
import { listSize, SignatureTooLarge, tooLong } from './signature-too-large.js';
import { applySections, isPlaceholder, parseTemplate, PLACEHOLDER_RE, SeparatorsTooLong, type Placeholder } from './template-syntax.js';

/** The eight directory fields, as the user's effective values (overrides applied). */
export type SignatureFields = DirectoryFields;

/**
 * The banner as the signature shows it: in a sent signature tracked URLs only, never the campaign's
 * destination; in a console preview the campaign's own URLs (user-signature.ts, RenderPurpose).
 */
export interface SignatureBanner {
  clickUrl: string;
  viewUrl: string;
  alt: string;
  width?: number | undefined;
  height?: number | undefined;
}

export interface RenderedSignature {
  html: string;
  text: string;
}

const SAFE_URL_START = /^(https?:|mailto:|tel:)/i;

export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A phone number as a tel: URI (RFC 3966): digits and a leading +, an extension as `;ext=`. */
export function telUri(phone: string): string {
  const [main = '', ext] = phone.split(/\s*(?:ext\.?|x)\s*/i);
  const digits = main.replace(/[^0-9+]/g, '').replace(/(?!^)\+/g, '');
  const extDigits = ext?.replace(/[^0-9]/g, '');
  return digits + (extDigits ? `;ext=${extDigits}` : '');
}

type ValueName = Exclude<Placeholder, 'banner'>;
const LISTS = ['addresses', 'groups'] as const;

/**
 * One user's placeholder values, as text: lists are joined (addresses one per line, groups by
 * commas). A list placeholder over its cap (LIST_PLACEHOLDER_MAX_*) throws when it is expanded,
 * before anything is joined; whether a field has a value never expands it.
 */
class Values {
  private readonly checked = new Set<ValueName>();
  constructor(private readonly fields: SignatureFields) {}

  present(name: ValueName): boolean {
    if (name === 'address') return (this.fields.addresses[0] ?? '') !== '';
    if (name === 'addresses' || name === 'groups') return this.fields[name].some((item) => item !== '');
    return this.fields[name] !== '';
  }

  get(name: ValueName, lineBreak = ', ', escape = (s: string) => s): string {
    switch (name) {
      case 'address':
        return escape(this.fields.addresses[0] ?? '');
      case 'addresses':
        return this.list(name).map(escape).join(lineBreak);
      case 'groups':
        return this.list(name).map(escape).join(', ');
      default:
        return escape(this.fields[name]);
    }
  }

  private list(name: (typeof LISTS)[number]): readonly string[] {
    const items = this.fields[name];
    if (!this.checked.has(name)) {
      const size = listSize(items);
      if (size.over) throw new SignatureTooLarge({ kind: 'list_too_long', placeholder: name, items: size.items, chars: size.chars });
      this.checked.add(name);
    }
    return items;
  }
}

/** Counts what a rendering pass writes and throws as soon as it passes the cap: the work stays bounded. */
class OutputBudget {
  private used = 0;
  take<T extends string>(s: T, counted = s.length): T {
    this.used += counted;
    if (this.used > SIGNATURE_MAX_CHARS) throw tooLong();
    return s;
  }

  /**
   * `text` with each placeholder replaced by `valueOf(name, offset)` (unknown ones and, outside
   * text, {{banner}} by nothing), each value counted as it is made and the rest once it is done.
   */
  fill(text: string, valueOf: (name: Placeholder, offset: number) => string): string {
    let inserted = 0;
    const out = text.replace(PLACEHOLDER_RE, (_w, name: string, offset: number) => {
      const v = isPlaceholder(name) ? valueOf(name, offset) : '';
      inserted += v.length;
      return this.take(v);
    });
    return this.take(out, out.length - inserted);
  }
}

/**
 * A value placed in a URL attribute, escaped for where it stands: after `tel:` only a phone
 * number survives, after `mailto:` the address is percent-encoded, at the very start the value
 * must itself be an http(s)/mailto/tel URL (else the attribute is dropped), anywhere else it is
 * percent-encoded as one URL component.
 */
function substituteUrl(template: string, values: Values, budget: OutputBudget): string | null {
  let startsWithValue = false;
  const out = budget.fill(template, (name, offset) => {
    if (name === 'banner') return '';
    const raw = values.get(name);
    const before = template.slice(0, offset).toLowerCase();
    if (before === 'tel:') return telUri(raw);
    if (before === 'mailto:') return encodeURIComponent(raw).replace(/%40/g, '@');
    if (offset === 0) {
      startsWithValue = true;
      return raw.trim();
    }
    return encodeURIComponent(raw);
  });
  if (startsWithValue && !SAFE_URL_START.test(out)) return null;
  if (/^(tel|mailto):$/i.test(out)) return null;
  return out;
}

function renderPass(templateHtml: string, values: Values, bannerHtml: string, lineBreak: string, textOnly = false): Promise<string> {
  const present = (name: Placeholder) => (name === 'banner' ? bannerHtml !== '' : values.present(name));
  let withSections: string;
  try {
    withSections = applySections(parseTemplate(templateHtml).nodes, present, SIGNATURE_MAX_CHARS);
  } catch (err) {
    throw err instanceof SeparatorsTooLong ? tooLong() : err;
  }
  // Everything the pass writes is counted as it is written (text, and each tag at its shortest),
  // so an oversized rendering stops at the cap instead of being built and then measured.
  const budget = new OutputBudget();
  // The result goes through the allowlist again, after the values are in: whatever a value holds,
  // the output cannot contain markup the template could not.
  return emailSafe(withSections, {
    // The plain-text pass keeps only text: no attributes to filter (CSS parsing is the costly part).
    ...(textOnly ? { allowedAttributes: {} } : {}),
    transformTags: {
      '*': (tagName, attribs) => {
        budget.take(tagName, tagName.length + 2);
        const out: Record<string, string> = {};
        for (const [name, v] of Object.entries(attribs)) {
          if (!v.includes('{{')) out[name] = v;
          else if (name === 'href') {
            const url = substituteUrl(v, values, budget);
            if (url !== null) out[name] = url;
          } else if (name === 'alt' || name === 'title') {
            // Attribute values are escaped by the sanitiser when written out.
            out[name] = budget.fill(v, (n) => (n === 'banner' ? '' : values.get(n)));
          }
        }
        return { tagName, attribs: out };
      },
    },
    // Each value is counted as it is made, so one text with thousands of placeholders stops at the cap too.
    textFilter: (text) => budget.fill(text, (name) => (name === 'banner' ? bannerHtml : values.get(name, lineBreak, escapeText))),
  });
}

/** The banner as HTML: the tracked view image inside the tracked click link. */
export function bannerMarkup(banner: SignatureBanner): string {
  const size = `${banner.width ? ` width="${banner.width}"` : ''}${banner.height ? ` height="${banner.height}"` : ''}`;
  return (
    `<a href="${escapeText(banner.clickUrl)}" target="_blank" rel="noopener">` +
    `<img src="${escapeText(banner.viewUrl)}" alt="${escapeText(banner.alt)}"${size} border="0" style="display:block;border:0" /></a>`
  );
}

/**
 * Renders a stored (already sanitised) template for one user and banner. Pure (async only to load
 * the sanitiser on first use). Throws SignatureTooLarge, never returns a cut signature, when the
 * HTML or the text would pass SIGNATURE_MAX_CHARS or a list placeholder its cap; the work done
 * before it throws is bounded by the cap, whatever the template and the user hold.
 */
export async function renderSignature(templateHtml: string, fields: SignatureFields, banner: SignatureBanner | null): Promise<RenderedSignature> {
  const values = new Values(fields);
  const html = await renderPass(templateHtml, values, banner ? bannerMarkup(banner) : '', '<br />');
  if (html.length > SIGNATURE_MAX_CHARS) throw tooLong();
  const textBanner = banner ? escapeText(banner.alt ? `${banner.alt}: ${banner.clickUrl}` : banner.clickUrl) : '';
  const textHtml = await renderPass(templateHtml, values, textBanner, '\n', true);
  const text = await htmlToText(textHtml);
  if (text.length > SIGNATURE_MAX_CHARS) throw tooLong();
  return { html, text };
}

/** Plain-text version of rendered (sanitiser-produced, so well-formed) HTML. */
export async function htmlToText(html: string): Promise<string> {
  const withBreaks = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|tr|li|h[1-6]|table|blockquote)>/gi, '\n')
    .replace(/<\/t[dh]>/gi, ' ');
  const stripped = await emailSafe(withBreaks, { allowedTags: [], allowedAttributes: {} });
  const decoded = stripped
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return decoded
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}
