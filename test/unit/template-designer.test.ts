import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TemplateDesign } from '../../functions/src/api-types.js';
import { sanitizeTemplate } from '../../functions/src/signatures/sanitize-template.js';
import { parseTemplate } from '../../functions/src/signatures/template-syntax.js';
import { templateDesignSchema } from '../../functions/src/core/schemas/template-design.js';
import { checkBrandColor, contrastRatio, DARK_BACKGROUND, GRAPHIC_MIN_CONTRAST, LIGHT_BACKGROUND, nearestPassingShade, TEXT_MIN_CONTRAST } from '../../hosting/src/templates/contrast.js';
import { defaultDesign, DESIGN_FIELD_LIST, designHtml, LAYOUT_LIST, SOCIAL_KIND_LIST } from '../../hosting/src/templates/designer.js';
import { STARTERS } from '../../hosting/src/templates/starters.js';
import { drawSocialIcon, ICON_DISC } from '../support/social-icons.js';
import { textContrasts } from '../support/text-contrast.js';

const ORIGIN = 'https://console.example';
const company = { name: 'Acme', domain: 'acme.example' };
const full: TemplateDesign = {
  ...defaultDesign(company, 'https://cdn.acme.example/logo.png'),
  logo: { url: 'https://cdn.acme.example/logo.png', width: 400, height: 100 },
  social: SOCIAL_KIND_LIST.map((kind) => ({ kind, url: `https://social.example/${kind}/acme?a=1&b=2` })),
  legal: 'Acme Ltd, registered in England & Wales <no. 0123456>. "Confidential" {{not a placeholder}}.',
};
/** Hues round the wheel at several lightnesses, greys, and the extremes. */
const SWEEP = [
  ...Array.from({ length: 12 }, (_, i) => i * 30).flatMap((h) => [25, 45, 65, 85].map((l) => hsl(h, 80, l))),
  '#000000', '#333333', '#777777', '#bbbbbb', '#ffffff', '#0b2545', '#ffd400', '#3d5afe',
];
const variants = (d: TemplateDesign): TemplateDesign[] =>
  LAYOUT_LIST.flatMap((layout) => [{ ...d, layout }, { ...d, layout, logo: null, social: [], legal: '', websiteUrl: null }, { ...d, layout, fields: [] }]);

function hsl(h: number, s: number, l: number): string {
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)))).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

function unreadable(html: string) {
  return textContrasts(html).filter((t) => t.ratio < TEXT_MIN_CONTRAST).map((t) => `${t.mode}: "${t.text.slice(0, 40)}" ${t.color} on ${t.background} = ${t.ratio.toFixed(2)}`);
}

describe('contrast on light and dark mail views', () => {
  it('no single text colour reaches 4.5:1 on both white and #1f1f1f, which is why signature text carries no colour of its own', () => {
    let best = 0;
    for (let v = 0; v < 256; v++) {
      const grey = `#${v.toString(16).padStart(2, '0').repeat(3)}`;
      best = Math.max(best, Math.min(contrastRatio(grey, LIGHT_BACKGROUND), contrastRatio(grey, DARK_BACKGROUND)));
    }
    expect(best).toBeLessThan(TEXT_MIN_CONTRAST);
  });

  it('the checker flags the old starters’ dark name line on a dark view', () => {
    expect(unreadable('<table><tr><td><b style="font-size:15px;color:#1a1a1a">{{firstName}}</b></td></tr></table>')).toHaveLength(1);
    expect(unreadable('<a href="mailto:{{email}}">{{email}}</a>')).toHaveLength(1);
  });

  it.each(STARTERS.map((s) => [s.id, s] as const))('every text of the %s starter reads at 4.5:1 on white and on #1f1f1f', (_id, starter) => {
    expect(unreadable(starter.html({ ...company, logoUrl: `${ORIGIN}/demo/logo.png` }))).toEqual([]);
  });

  const seeded = Object.entries(JSON.parse(readFileSync('emulator-data/firestore-seed.json', 'utf8')).docs as Record<string, { html?: string }>).filter(([path]) => /\/templates\/[^/]+$/.test(path));
  it.each(seeded)('every text of the demo’s template %s reads at 4.5:1 on white and on #1f1f1f', (_path, doc) => {
    expect(unreadable(doc.html!)).toEqual([]);
  });

  it('every text of the designer’s output reads at 4.5:1 on both, for every layout over a sweep of brand colours', () => {
    const failures = SWEEP.flatMap((brandColor) => variants({ ...full, brandColor }).flatMap((d) => unreadable(designHtml(d, ORIGIN)).map((f) => `${brandColor} ${d.layout}: ${f}`)));
    expect(failures).toEqual([]);
  });

  it('a brand colour that is hard to see on either background gets the nearest shade that passes both', () => {
    for (const c of SWEEP) {
      const check = checkBrandColor(c);
      expect(check.ok).toBe(check.onLight >= GRAPHIC_MIN_CONTRAST && check.onDark >= GRAPHIC_MIN_CONTRAST);
      if (check.ok) continue;
      const s = check.suggestion!;
      expect(contrastRatio(s, LIGHT_BACKGROUND)).toBeGreaterThanOrEqual(GRAPHIC_MIN_CONTRAST);
      expect(contrastRatio(s, DARK_BACKGROUND)).toBeGreaterThanOrEqual(GRAPHIC_MIN_CONTRAST);
    }
    expect(checkBrandColor('#0b2545')).toMatchObject({ ok: false });
    expect(checkBrandColor('#ffd400')).toMatchObject({ ok: false });
    expect(nearestPassingShade('#3d5afe')).toBe('#3d5afe');
  });

  it('the social icons’ disc keeps 3:1 on both backgrounds and its white glyph 4.5:1 on the disc', () => {
    expect(contrastRatio(ICON_DISC, LIGHT_BACKGROUND)).toBeGreaterThanOrEqual(GRAPHIC_MIN_CONTRAST);
    expect(contrastRatio(ICON_DISC, DARK_BACKGROUND)).toBeGreaterThanOrEqual(GRAPHIC_MIN_CONTRAST);
    expect(contrastRatio(ICON_DISC, '#ffffff')).toBeGreaterThanOrEqual(TEXT_MIN_CONTRAST);
  });
});

describe('the designer’s HTML', () => {
  const outputs = variants(full).map((d) => [`${d.layout}${d.logo ? '' : ' (bare)'}${d.fields.length ? '' : ' (no fields)'}`, designHtml(d, ORIGIN)] as const);

  it.each(outputs)('%s is table-based and inline-styled: no class, style block, flexbox, grid or div', (_name, html) => {
    expect(html.startsWith('<table ')).toBe(true);
    expect(html).not.toMatch(/\sclass=|<style|<div|display:\s*(flex|grid)|<svg|data:/i);
    for (const table of html.match(/<table[^>]*>/g)!) expect(table).toContain('cellpadding="0" cellspacing="0" border="0" role="presentation"');
    for (const img of html.match(/<img[^>]*>/g) ?? []) expect(img).toMatch(/ width="\d+" height="\d+"[^>]* style="display:block;border:0"/);
    for (const img of html.match(/<img[^>]*>/g) ?? []) expect(img).toMatch(/ alt="[^"]+"/);
  });

  it.each(outputs)('%s passes the server’s sanitizer unchanged and parses without problems', async (_name, html) => {
    const saved = await sanitizeTemplate(html);
    expect(saved.errors).toEqual([]);
    expect(saved.html).toBe(html);
    expect(parseTemplate(html).errors).toEqual([]);
  });

  it('shows only the chosen fields, the legal line as text, the social links with hosted PNG icons', () => {
    const html = designHtml({ ...full, fields: ['name', 'email'] }, ORIGIN);
    expect(html).toContain('{{firstName}} {{lastName}}');
    expect(html).toContain('{{email}}');
    expect(html).not.toMatch(/\{\{(title|workPhone|mobilePhone|address|banner)\}\}/);
    expect(html).toContain('Acme Ltd, registered in England &amp; Wales &lt;no. 0123456&gt;. "Confidential" { {not a placeholder} }.');
    for (const kind of SOCIAL_KIND_LIST) expect(html).toContain(`<img src="${ORIGIN}/social/${kind}.png" alt="Acme: `);
    expect(html).toContain('href="https://social.example/video/acme?a=1&amp;b=2"');
  });

  it('scales the logo into its layout’s box, keeping its proportions, never enlarging it', () => {
    expect(designHtml({ ...full, layout: 'logo-left' }, ORIGIN)).toContain('width="80" height="20"');
    expect(designHtml({ ...full, layout: 'logo-top' }, ORIGIN)).toContain('width="160" height="40"');
    expect(designHtml({ ...full, layout: 'logo-top', logo: { url: 'https://cdn.acme.example/l.png', width: 50, height: 50 } }, ORIGIN)).toContain('width="50" height="50"');
  });

  it('every design the generator reads is one the server accepts', () => {
    for (const [, d] of variants(full).entries()) expect(templateDesignSchema.parse(d)).toEqual(d);
    expect(DESIGN_FIELD_LIST).toEqual(templateDesignSchema.shape.fields.element.options);
    expect(SOCIAL_KIND_LIST).toEqual(templateDesignSchema.shape.social.element.shape.kind.options);
    expect(LAYOUT_LIST).toEqual(templateDesignSchema.shape.layout.options);
  });
});

describe('the social icons', () => {
  it.each(SOCIAL_KIND_LIST)('hosting/public/social/%s.png is the drawn icon (run `npm run gen:social-icons` after changing them)', (kind) => {
    expect(new Uint8Array(readFileSync(`hosting/public/social/${kind}.png`))).toEqual(drawSocialIcon(kind));
  });
});
