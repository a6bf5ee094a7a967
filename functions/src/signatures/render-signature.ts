import type { DirectoryFields } from '../core/schemas/user.js';
import { emailSafe } from './email-safe-html.js';
import { applySections, isPlaceholder, parseTemplate, PLACEHOLDER_RE, type Placeholder } from './template-syntax.js';

/** The eight directory fields, as the user's effective values (overrides applied). */
export type SignatureFields = DirectoryFields;

/** The banner as the signature shows it: tracked URLs only, never the campaign's destination. */
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

/** A placeholder's value as text: lists are joined (addresses one per line, groups by commas). */
function value(fields: SignatureFields, name: Exclude<Placeholder, 'banner'>, lineBreak = ', ', escape = (s: string) => s): string {
  switch (name) {
    case 'address':
      return escape(fields.addresses[0] ?? '');
    case 'addresses':
      return fields.addresses.map(escape).join(lineBreak);
    case 'groups':
      return fields.groups.map(escape).join(', ');
    default:
      return escape(fields[name]);
  }
}

/**
 * A value placed in a URL attribute, escaped for where it stands: after `tel:` only a phone
 * number survives, after `mailto:` the address is percent-encoded, at the very start the value
 * must itself be an http(s)/mailto/tel URL (else the attribute is dropped), anywhere else it is
 * percent-encoded as one URL component.
 */
function substituteUrl(template: string, fields: SignatureFields): string | null {
  let startsWithValue = false;
  const out = template.replace(PLACEHOLDER_RE, (whole, name: string, offset: number) => {
    if (!isPlaceholder(name) || name === 'banner') return '';
    const raw = value(fields, name);
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

function renderPass(templateHtml: string, fields: SignatureFields, bannerHtml: string, lineBreak: string, textOnly = false): Promise<string> {
  const present = (name: Placeholder) => (name === 'banner' ? bannerHtml !== '' : value(fields, name) !== '');
  const withSections = applySections(parseTemplate(templateHtml).nodes, present);
  // The result goes through the allowlist again, after the values are in: whatever a value holds,
  // the output cannot contain markup the template could not.
  return emailSafe(withSections, {
    // The plain-text pass keeps only text: no attributes to filter (CSS parsing is the costly part).
    ...(textOnly ? { allowedAttributes: {} } : {}),
    transformTags: {
      '*': (tagName, attribs) => {
        const out: Record<string, string> = {};
        for (const [name, v] of Object.entries(attribs)) {
          if (!v.includes('{{')) out[name] = v;
          else if (name === 'href') {
            const url = substituteUrl(v, fields);
            if (url !== null) out[name] = url;
          } else if (name === 'alt' || name === 'title') {
            // Attribute values are escaped by the sanitiser when written out.
            out[name] = v.replace(PLACEHOLDER_RE, (_w, n: string) => (isPlaceholder(n) && n !== 'banner' ? value(fields, n) : ''));
          }
        }
        return { tagName, attribs: out };
      },
    },
    textFilter: (text) =>
      text.replace(PLACEHOLDER_RE, (_w, name: string) => {
        if (!isPlaceholder(name)) return '';
        if (name === 'banner') return bannerHtml;
        return value(fields, name, lineBreak, escapeText);
      }),
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

/** Renders a stored (already sanitised) template for one user and banner. Pure (async only to load the sanitiser on first use). */
export async function renderSignature(templateHtml: string, fields: SignatureFields, banner: SignatureBanner | null): Promise<RenderedSignature> {
  const html = await renderPass(templateHtml, fields, banner ? bannerMarkup(banner) : '', '<br />');
  const textBanner = banner ? escapeText(banner.alt ? `${banner.alt}: ${banner.clickUrl}` : banner.clickUrl) : '';
  const textHtml = await renderPass(templateHtml, fields, textBanner, '\n', true);
  return { html, text: await htmlToText(textHtml) };
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
