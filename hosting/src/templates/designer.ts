/**
 * The template designer's HTML generator: a pure function from the form's state to signature HTML
 * that email clients render (Outlook for Windows included): tables for layout, inline styles only,
 * no classes or style blocks, images with width, height and alt. It writes exactly what the server's
 * sanitizer keeps (self-closing tags as `<br />`, only allowed tags, attributes and styles), so a
 * save stores it unchanged (test/unit/template-designer.test.ts). Readable in light and dark mail
 * views: text carries no colour except on the brand pill's own background (see contrast.ts).
 */
import type { DesignField, DesignLayout, SocialKind, TemplateDesign } from '../../../functions/src/api-types.js';
import { textColorOn } from './contrast.js';

export const LAYOUT_LABELS: Record<DesignLayout, string> = {
  'logo-left': 'Logo on the left',
  'logo-top': 'Logo on top',
  compact: 'Compact, one line',
};
export const FIELD_LABELS: Record<DesignField, string> = {
  name: 'Full name',
  title: 'Job title',
  workPhone: 'Work phone',
  mobilePhone: 'Mobile phone',
  email: 'Email',
  address: 'Address',
  banner: 'Campaign banner',
};
export const SOCIAL_LABELS: Record<SocialKind, string> = {
  website: 'Website',
  network: 'Professional network',
  video: 'Video channel',
  photos: 'Photos',
  chat: 'Posts and chat',
};
export const DESIGN_FIELD_LIST = Object.keys(FIELD_LABELS) as DesignField[];
export const SOCIAL_KIND_LIST = Object.keys(SOCIAL_LABELS) as SocialKind[];
export const LAYOUT_LIST = Object.keys(LAYOUT_LABELS) as DesignLayout[];

/** Where the console serves the social glyphs (hosting/public/social, drawn by `npm run gen:social-icons`). */
export function socialIconUrl(assetOrigin: string, kind: SocialKind): string {
  return `${assetOrigin}/social/${kind}.png`;
}
/** Shown at 24 px; the PNGs are drawn at twice that for sharp high-density screens. */
export const SOCIAL_ICON_SIZE = 24;

const LOGO_BOX: Record<DesignLayout, { width: number; height: number }> = {
  'logo-left': { width: 80, height: 80 },
  'logo-top': { width: 160, height: 60 },
  compact: { width: 40, height: 32 },
};

export function defaultDesign(company: { name: string; domain: string }, logoUrl: string | null): TemplateDesign {
  return {
    version: 1,
    layout: 'logo-left',
    logo: logoUrl ? { url: logoUrl, width: 80, height: 80 } : null,
    companyName: company.name,
    websiteUrl: `https://www.${company.domain}/`,
    brandColor: '#3d5afe',
    fields: ['name', 'title', 'workPhone', 'mobilePhone', 'email', 'address', 'banner'],
    social: [],
    legal: '',
  };
}

/** Text as HTML; `{{` and `}}` are split so a company name or legal line can never open a placeholder. */
function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');
}
function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;');
}

/** The logo's shown size: its own, scaled down (never up) to fit the layout's box. */
export function logoSize(logo: NonNullable<TemplateDesign['logo']>, layout: DesignLayout): { width: number; height: number } {
  const box = LOGO_BOX[layout];
  const scale = Math.min(1, box.width / logo.width, box.height / logo.height);
  return { width: Math.max(1, Math.round(logo.width * scale)), height: Math.max(1, Math.round(logo.height * scale)) };
}

const TABLE = 'cellpadding="0" cellspacing="0" border="0" role="presentation"';
const FONT = 'font-family:Arial,Helvetica,sans-serif;font-size:13px;line-height:18px';
const PLAIN_LINK = 'color:inherit;text-decoration:none';

function logoImg(d: TemplateDesign): string {
  if (!d.logo) return '';
  const { width, height } = logoSize(d.logo, d.layout);
  const img = `<img src="${attr(d.logo.url)}" alt="${attr(d.companyName || 'Logo')}" width="${width}" height="${height}" style="display:block;border:0" />`;
  return d.websiteUrl ? `<a href="${attr(d.websiteUrl)}">${img}</a>` : img;
}

/** The company name on the brand colour, in black or white, whichever reads on it. */
function companyPill(d: TemplateDesign): string {
  if (!d.companyName) return '';
  const style = `background-color:${d.brandColor};color:${textColorOn(d.brandColor)};padding:2px 6px;border-radius:3px;text-decoration:none;font-weight:bold`;
  return d.websiteUrl ? `<a href="${attr(d.websiteUrl)}" style="${style}">${text(d.companyName)}</a>` : `<span style="${style}">${text(d.companyName)}</span>`;
}

/** The design as saved: a social link still waiting for its address is left out. */
export function savableDesign(d: TemplateDesign): TemplateDesign {
  return { ...d, social: d.social.filter((s) => s.url) };
}

function socialRow(d: TemplateDesign, assetOrigin: string): string {
  const links = d.social.filter((s) => s.url);
  if (!links.length) return '';
  const cells = links
    .map((s) => {
      const alt = d.companyName ? `${d.companyName}: ${SOCIAL_LABELS[s.kind]}` : SOCIAL_LABELS[s.kind];
      return `<td style="padding-right:6px"><a href="${attr(s.url)}"><img src="${attr(socialIconUrl(assetOrigin, s.kind))}" alt="${attr(alt)}" width="${SOCIAL_ICON_SIZE}" height="${SOCIAL_ICON_SIZE}" style="display:block;border:0" /></a></td>`;
    })
    .join('');
  return `<table ${TABLE}><tr>${cells}</tr></table>`;
}

function contactJoin(d: TemplateDesign, separator: string): string {
  const parts: string[] = [];
  if (d.fields.includes('workPhone')) parts.push(`{{#workPhone}}T <a href="tel:{{workPhone}}" style="${PLAIN_LINK}">{{workPhone}}</a>{{/workPhone}}`);
  if (d.fields.includes('mobilePhone')) parts.push(`{{#mobilePhone}}M <a href="tel:{{mobilePhone}}" style="${PLAIN_LINK}">{{mobilePhone}}</a>{{/mobilePhone}}`);
  if (d.fields.includes('email')) parts.push(`<a href="mailto:{{email}}" style="${PLAIN_LINK}">{{email}}</a>`);
  return parts.length ? `{{#join "${separator}"}}${parts.join('{{,}}')}{{/join}}` : '';
}

/** The details as table rows, each optional one inside its section so an empty field leaves no line. */
function detailRows(d: TemplateDesign, assetOrigin: string): string {
  const rows: string[] = [];
  const has = (f: DesignField) => d.fields.includes(f);
  if (has('name')) rows.push(`<tr><td style="padding-bottom:2px"><b style="font-size:15px">{{firstName}} {{lastName}}</b></td></tr>`);
  if (has('title')) rows.push(`{{#title}}<tr><td>{{title}}</td></tr>{{/title}}`);
  const contact = contactJoin(d, ' | ');
  if (contact) rows.push(`<tr><td>${contact}</td></tr>`);
  if (has('address')) rows.push(`{{#address}}<tr><td>{{address}}</td></tr>{{/address}}`);
  const pill = companyPill(d);
  if (pill) rows.push(`<tr><td style="padding-top:6px">${pill}</td></tr>`);
  const social = socialRow(d, assetOrigin);
  if (social) rows.push(`<tr><td style="padding-top:8px">${social}</td></tr>`);
  return rows.join('\n');
}

function trailingRows(d: TemplateDesign, colspan: number): string {
  const span = colspan > 1 ? ` colspan="${colspan}"` : '';
  const rows: string[] = [];
  if (d.legal) rows.push(`<tr><td${span} style="padding-top:8px;font-size:11px;line-height:15px">${text(d.legal)}</td></tr>`);
  if (d.fields.includes('banner')) rows.push(`{{#banner}}<tr><td${span} style="padding-top:10px">{{banner}}</td></tr>{{/banner}}`);
  return rows.join('\n');
}

function detailsTable(d: TemplateDesign, assetOrigin: string): string {
  return `<table ${TABLE} style="${FONT}">\n${detailRows(d, assetOrigin)}\n</table>`;
}

function logoLeft(d: TemplateDesign, assetOrigin: string): string {
  const rule = `2px solid ${d.brandColor}`;
  const top = d.logo
    ? `<tr><td valign="top" width="${logoSize(d.logo, d.layout).width + 12}" style="padding-right:12px;border-right:${rule}">${logoImg(d)}</td><td valign="top" style="padding-left:12px">${detailsTable(d, assetOrigin)}</td></tr>`
    : `<tr><td valign="top" style="padding-left:10px;border-left:${rule}">${detailsTable(d, assetOrigin)}</td></tr>`;
  return `<table ${TABLE} style="${FONT}">\n${top}\n${trailingRows(d, d.logo ? 2 : 1)}\n</table>`;
}

function logoTop(d: TemplateDesign, assetOrigin: string): string {
  const logo = d.logo ? `<tr><td style="padding-bottom:8px">${logoImg(d)}</td></tr>\n` : '';
  return `<table ${TABLE} style="${FONT}">\n${logo}<tr><td style="padding-top:8px;border-top:2px solid ${d.brandColor}">${detailsTable(d, assetOrigin)}</td></tr>\n${trailingRows(d, 1)}\n</table>`;
}

function compact(d: TemplateDesign, assetOrigin: string): string {
  const has = (f: DesignField) => d.fields.includes(f);
  const parts: string[] = [];
  if (has('name')) parts.push(`<b>{{firstName}} {{lastName}}</b>`);
  if (has('title')) parts.push(`{{#title}}{{title}}{{/title}}`);
  const contact = contactJoin(d, ' · ');
  if (contact) parts.push(contact);
  const pill = companyPill(d);
  if (pill) parts.push(pill);
  const line = parts.length ? `{{#join " · "}}${parts.join('{{,}}')}{{/join}}` : '';
  const social = socialRow(d, assetOrigin);
  const cells = [
    d.logo ? `<td valign="middle" width="${logoSize(d.logo, d.layout).width + 8}" style="padding-right:8px">${logoImg(d)}</td>` : '',
    `<td valign="middle" style="padding-right:8px">${line}</td>`,
    social ? `<td valign="middle">${social}</td>` : '',
  ].filter(Boolean);
  return `<table ${TABLE} style="${FONT};font-size:12px">\n<tr>${cells.join('')}</tr>\n${trailingRows(d, cells.length)}\n</table>`;
}

/** The signature HTML for a design; `assetOrigin` is where the console serves the social icons. */
export function designHtml(d: TemplateDesign, assetOrigin: string): string {
  const body = d.layout === 'logo-left' ? logoLeft(d, assetOrigin) : d.layout === 'logo-top' ? logoTop(d, assetOrigin) : compact(d, assetOrigin);
  return body.replace(/\n+/g, '\n').replace(/\n<\/table>$/, '\n</table>');
}
