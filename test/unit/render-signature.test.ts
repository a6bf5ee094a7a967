import { describe, expect, it } from 'vitest';
import { renderSignature, telUri, type SignatureFields } from '../../functions/src/signatures/render-signature.js';
import { sanitizeTemplate } from '../../functions/src/signatures/sanitize-template.js';

const TEMPLATE = (await sanitizeTemplate(
  '<table><tr><td><b>{{firstName}} {{lastName}}</b>{{#title}}<br>{{title}}{{/title}}<br>' +
    '{{#join " | "}}{{#workPhone}}T: <a href="tel:{{workPhone}}">{{workPhone}}</a>{{/workPhone}}{{,}}' +
    '{{#mobilePhone}}M: <a href="tel:{{mobilePhone}}">{{mobilePhone}}</a>{{/mobilePhone}}{{,}}' +
    '<a href="mailto:{{email}}" title="Write to {{firstName}}">{{email}}</a>{{/join}}' +
    '{{#addresses}}<br>{{addresses}}{{/addresses}}{{#groups}}<br>{{groups}}{{/groups}}</td></tr>' +
    '{{#banner}}<tr><td>{{banner}}</td></tr>{{/banner}}</table>',
)).html;

const jane: SignatureFields = {
  email: 'jane.doe@acme.example',
  firstName: 'Jane',
  lastName: 'Doe',
  title: 'Account Executive',
  workPhone: '+33 1 55 00 00 10',
  mobilePhone: '+33 6 55 00 00 20',
  addresses: ['1 Rue de l’Exemple, 75000 Paris'],
  groups: ['Sales'],
};

/** Every tag and attribute of the output, to prove no value created markup. */
function tags(html: string): string[] {
  return [...html.matchAll(/<([a-z0-9]+)([^>]*)>/gi)].map((m) => `${m[1]}${[...m[2]!.matchAll(/\s([a-z-]+)=/gi)].map((a) => ' ' + a[1]).join('')}`);
}

describe('renderSignature', () => {
  it('renders all fields with tel: and mailto: links', async () => {
    const { html, text } = await renderSignature(TEMPLATE, jane, null);
    expect(html).toContain('<b>Jane Doe</b><br />Account Executive<br />');
    expect(html).toContain('T: <a href="tel:+33155000010">+33 1 55 00 00 10</a> | M: <a href="tel:+33655000020">+33 6 55 00 00 20</a> | <a href="mailto:jane.doe@acme.example" title="Write to Jane">');
    expect(text).toBe('Jane Doe\nAccount Executive\nT: +33 1 55 00 00 10 | M: +33 6 55 00 00 20 | jane.doe@acme.example\n1 Rue de l’Exemple, 75000 Paris\nSales');
  });

  it('leaves no dangling labels or separators when optional fields are empty', async () => {
    const bare = { ...jane, title: '', workPhone: '', mobilePhone: '', addresses: [], groups: [] };
    const { html, text } = await renderSignature(TEMPLATE, bare, null);
    expect(html).not.toMatch(/T:|M:|\|/);
    expect(html).toBe('<table><tr><td><b>Jane Doe</b><br /><a href="mailto:jane.doe@acme.example" title="Write to Jane">jane.doe@acme.example</a></td></tr></table>');
    expect(text).toBe('Jane Doe\njane.doe@acme.example');

    const mobileOnly = (await renderSignature(TEMPLATE, { ...bare, mobilePhone: '+33 6 1' }, null)).text;
    expect(mobileOnly).toContain('\nM: +33 6 1 | jane.doe@acme.example');

    const withLogo = (await sanitizeTemplate('{{#join " · "}}<img src="https://acme.example/logo.png" alt="">{{,}}{{title}}{{,}}<b>{{groups}}</b>{{/join}}')).html;
    expect((await renderSignature(withLogo, bare, null)).html).toBe('<img src="https://acme.example/logo.png" alt="" />');
    expect((await renderSignature(withLogo, { ...bare, groups: ['Sales'] }, null)).html).toBe('<img src="https://acme.example/logo.png" alt="" /> · <b>Sales</b>');
  });

  it('escapes hostile names and titles in text and attributes', async () => {
    const hostile = {
      ...jane,
      firstName: '<script>alert(1)</script>',
      lastName: 'O\'Brien & "Sons" <img src=x onerror=alert(1)>',
      title: '"><svg onload=alert(1)>',
    };
    const { html, text } = await renderSignature(TEMPLATE, hostile, null);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien &amp; &quot;Sons&quot; &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;');
    expect(html).toContain('title="Write to &lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(tags(html)).toEqual(tags((await renderSignature(TEMPLATE, jane, null)).html));
    expect(text).toContain('<script>alert(1)</script> O\'Brien & "Sons"');
  });

  it('keeps only a phone number in tel: links, whatever the field holds', async () => {
    const { html } = await renderSignature(TEMPLATE, { ...jane, workPhone: '+33 "1" 55\' ext 12', mobilePhone: '" onclick="alert(1)' }, null);
    expect(html).toContain('<a href="tel:+33155;ext=12">+33 &quot;1&quot; 55&#39; ext 12</a>');
    expect(html).toContain('M: <a href="tel:1">&quot; onclick=&quot;alert(1)</a>');
    expect(html).not.toContain('onclick="');
    expect(telUri('(0)30 5550-0001 x7')).toBe('03055500001;ext=7');
    expect(telUri('+1 (555) 0100 ext. 42')).toBe('+15550100;ext=42');
  });

  it('percent-encodes an address in mailto: and drops a value that starts an href unless it is a safe URL', async () => {
    const tpl = (await sanitizeTemplate('<a href="mailto:{{email}}">m</a><a href="{{title}}">t</a><a href="https://acme.example/?who={{lastName}}">q</a>')).html;
    const { html } = await renderSignature(tpl, { ...jane, email: 'a"b@acme.example', title: 'javascript:alert(1)', lastName: 'Doe&x=<1>' }, null);
    expect(html).toBe('<a href="mailto:a%22b@acme.example">m</a><a>t</a><a href="https://acme.example/?who=Doe%26x%3D%3C1%3E">q</a>');
    const spaced = (await renderSignature(tpl, { ...jane, title: ' JaVaScRiPt:alert(1)' }, null)).html;
    expect(spaced).toContain('<a>t</a>');
    const url = (await renderSignature(tpl, { ...jane, title: 'https://jane.example/' }, null)).html;
    expect(url).toContain('<a href="https://jane.example/">t</a>');
  });

  it('embeds the banner with its tracked click and view URLs, and leaves it out when there is none', async () => {
    const banner = { clickUrl: 'https://go.example/c/tok"en', viewUrl: 'https://go.example/v/tok', alt: 'Spring <launch>', width: 600, height: 120 };
    const { html, text } = await renderSignature(TEMPLATE, jane, banner);
    expect(html).toContain(
      '<tr><td><a href="https://go.example/c/tok&quot;en" target="_blank" rel="noopener"><img src="https://go.example/v/tok" alt="Spring &lt;launch&gt;" width="600" height="120" border="0" style="display:block;border:0" /></a></td></tr>',
    );
    expect(text.split('\n').pop()).toBe('Spring <launch>: https://go.example/c/tok"en');
    expect((await renderSignature(TEMPLATE, jane, null)).html).not.toContain('<img');
  });

  it('a value that looks like template syntax stays text', async () => {
    const { html } = await renderSignature(TEMPLATE, { ...jane, firstName: '{{/title}}{{banner}}', title: '' }, { clickUrl: 'https://go.example/c/x', viewUrl: 'https://go.example/v/x', alt: '' });
    expect(html).toContain('<b>{{/title}}{{banner}} Doe</b>');
    expect(html.match(/<img/g)).toHaveLength(1);
  });
});
