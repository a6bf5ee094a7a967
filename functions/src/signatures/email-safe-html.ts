import type sanitizeHtml from 'sanitize-html';

/**
 * What a signature may contain: the HTML that mainstream email clients (Gmail, Outlook, Apple Mail)
 * render. No script, no style sheets, no forms or media, no event handlers (attributes are an
 * allowlist), and links only to http(s), mailto and tel; images only over http(s).
 */
const CSS_VALUE = /^(?!.*(?:url|expression|javascript|behavior|@import))[-#%.,()\w\s'"!/]*$/i;
const STYLE_PROPERTIES = [
  'color', 'background-color', 'font-family', 'font-size', 'font-weight', 'font-style', 'line-height', 'text-align',
  'text-decoration', 'text-transform', 'letter-spacing', 'vertical-align', 'white-space', 'display', 'width', 'height',
  'max-width', 'min-width', 'margin', 'margin-top', 'margin-right', 'margin-bottom', 'margin-left', 'padding', 'padding-top',
  'padding-right', 'padding-bottom', 'padding-left', 'border', 'border-top', 'border-right', 'border-bottom', 'border-left',
  'border-collapse', 'border-radius', 'border-color', 'border-width', 'border-style',
];

export const EMAIL_SAFE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'a', 'b', 'strong', 'i', 'em', 'u', 's', 'small', 'big', 'sup', 'sub', 'span', 'div', 'p', 'br', 'hr', 'img', 'font', 'center',
    'h1', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'blockquote',
  ],
  allowedAttributes: {
    '*': ['style', 'title', 'align', 'valign', 'width', 'height', 'bgcolor', 'dir'],
    a: ['href', 'target', 'rel', 'name'],
    img: ['src', 'alt', 'border'],
    table: ['cellpadding', 'cellspacing', 'border', 'role'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    font: ['color', 'face', 'size'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  allowedStyles: { '*': Object.fromEntries(STYLE_PROPERTIES.map((p) => [p, [CSS_VALUE]])) },
  disallowedTagsMode: 'discard',
};

let sanitizer: Promise<typeof sanitizeHtml> | undefined;

/**
 * The allowlist alone: what any stored or rendered signature goes through. sanitize-html (with
 * htmlparser2, postcss, launder and dayjs: ~50 ms to load, a third of what the api function
 * loaded beyond Firebase itself) is imported on first use, by the first request or job that
 * saves or renders a signature, not by every cold start.
 */
export async function emailSafe(html: string, extra: Partial<sanitizeHtml.IOptions> = {}): Promise<string> {
  const sanitize = await (sanitizer ??= import('sanitize-html').then(
    (m) => m.default,
    (err: unknown) => {
      sanitizer = undefined;
      throw err;
    },
  ));
  return sanitize(html, { ...EMAIL_SAFE_OPTIONS, ...extra });
}
