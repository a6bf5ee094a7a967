/**
 * Starter signature designs. Email clients render only simple HTML: tables for layout, inline
 * styles, web-safe fonts, no CSS classes, no SVG, fixed widths under 600 px; Outlook for Windows
 * (Word's engine) ignores max-width and most margins, so spacing is padding on table cells.
 * Optional fields sit in sections so an empty one leaves no label behind. Text carries no colour of
 * its own (it inherits the mail view's, which dark modes flip), except on a background it brings
 * (the social pills): a dark text colour on a dark mail view is what made the name line vanish.
 * test/unit/template-designer.test.ts checks every text's contrast on light and dark views.
 */
export interface Starter {
  id: string;
  name: string;
  description: string;
  html: (company: { name: string; domain: string; logoUrl: string }) => string;
}

const FONT = "font-family:Arial,Helvetica,sans-serif;font-size:13px;line-height:18px";
const LINK = "color:inherit;text-decoration:none";
const contactLine = `{{#join " | "}}{{#workPhone}}T <a href="tel:{{workPhone}}" style="${LINK}">{{workPhone}}</a>{{/workPhone}}{{,}}{{#mobilePhone}}M <a href="tel:{{mobilePhone}}" style="${LINK}">{{mobilePhone}}</a>{{/mobilePhone}}{{,}}<a href="mailto:{{email}}" style="${LINK}">{{email}}</a>{{/join}}`;
const bannerRow = `{{#banner}}<tr><td style="padding-top:10px">{{banner}}</td></tr>{{/banner}}`;

export const STARTERS: Starter[] = [
  {
    id: 'classic',
    name: 'Classic',
    description: 'Name, title, phones, email and address on separate lines, then the banner.',
    html: (c) =>
      `<table cellpadding="0" cellspacing="0" border="0" role="presentation" style="${FONT}">
<tr><td style="padding-bottom:4px"><b style="font-size:15px">{{firstName}} {{lastName}}</b>{{#title}}<br>{{title}}{{/title}}</td></tr>
<tr><td>${contactLine}</td></tr>
{{#address}}<tr><td>{{address}}</td></tr>{{/address}}
<tr><td style="padding-top:4px"><a href="https://www.${c.domain}/" style="${LINK};font-weight:bold">${c.name}</a></td></tr>
${bannerRow}
</table>`,
  },
  {
    id: 'compact',
    name: 'Compact',
    description: 'One line for people who write many short emails; the banner below.',
    html: (c) =>
      `<table cellpadding="0" cellspacing="0" border="0" role="presentation" style="${FONT};font-size:12px">
<tr><td>{{#join " · "}}<b>{{firstName}} {{lastName}}</b>{{,}}{{#title}}{{title}}{{/title}}{{,}}${c.name}{{,}}{{#workPhone}}<a href="tel:{{workPhone}}" style="${LINK}">{{workPhone}}</a>{{/workPhone}}{{/join}}</td></tr>
${bannerRow}
</table>`,
  },
  {
    id: 'logo',
    name: 'With logo',
    description: 'Your logo on the left, a rule, the details on the right. Use a PNG logo about 80 px wide.',
    html: (c) =>
      `<table cellpadding="0" cellspacing="0" border="0" role="presentation" style="${FONT}">
<tr>
<td valign="top" style="padding-right:12px;border-right:2px solid #3d5afe"><a href="https://www.${c.domain}/"><img src="${c.logoUrl}" alt="${c.name}" width="80" height="80" style="display:block;border:0"></a></td>
<td valign="top" style="padding-left:12px"><b style="font-size:15px">{{firstName}} {{lastName}}</b>{{#title}}<br>{{title}}{{/title}}<br>${contactLine}{{#address}}<br>{{address}}{{/address}}</td>
</tr>
{{#banner}}<tr><td colspan="2" style="padding-top:10px">{{banner}}</td></tr>{{/banner}}
</table>`,
  },
  {
    id: 'social',
    name: 'With social links',
    description: 'Classic details with your company’s social profiles as text links (no images to block).',
    html: (c) =>
      `<table cellpadding="0" cellspacing="0" border="0" role="presentation" style="${FONT}">
<tr><td style="padding-bottom:4px"><b style="font-size:15px">{{firstName}} {{lastName}}</b>{{#title}} | {{title}}{{/title}}</td></tr>
<tr><td>${contactLine}</td></tr>
<tr><td style="padding-top:6px;font-size:12px"><a href="https://www.linkedin.com/company/${c.domain.split('.')[0]}" style="color:#ffffff;background-color:#0a66c2;padding:2px 6px;border-radius:3px;text-decoration:none">LinkedIn</a> <a href="https://www.youtube.com/@${c.domain.split('.')[0]}" style="color:#ffffff;background-color:#cc0000;padding:2px 6px;border-radius:3px;text-decoration:none">YouTube</a> <a href="https://www.${c.domain}/" style="color:#ffffff;background-color:#333333;padding:2px 6px;border-radius:3px;text-decoration:none">${c.name}</a></td></tr>
${bannerRow}
</table>`,
  },
];

/** The starters' logo until the customer uploads one (a neutral "LOGO" box, not Herald's): the template editor's "Insert a logo" puts the hosted one in its place. */
export const LOGO_PLACEHOLDER = '/demo/your-logo.png';
