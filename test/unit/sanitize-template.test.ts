import { describe, expect, it } from 'vitest';
import { sanitizeTemplate } from '../../functions/src/signatures/sanitize-template.js';

describe('sanitizeTemplate', () => {
  it('removes scripts, event handlers, javascript: and data: URLs, forms and style sheets', async () => {
    const { html, errors } = await sanitizeTemplate(
      '<div onclick="steal()" onmouseover="x()">Hi {{firstName}}<script>alert(1)</script>' +
        '<a href="javascript:alert(1)">a</a><a href=" JAVASCRIPT:alert(1)">b</a><a href="vbscript:x">c</a>' +
        '<img src="data:image/png;base64,AAAA" alt="d"><img src="javascript:x" alt="e"><iframe src="https://evil.example"></iframe>' +
        '<style>body{}</style><form action="https://evil.example"><input name="p"></form><object data="x"></object>' +
        '<span style="background:url(https://evil.example/t.png);color:red">f</span></div>',
    );
    expect(errors).toEqual([]);
    expect(html).toBe('<div>Hi {{firstName}}<a>a</a><a>b</a><a>c</a><img alt="d" /><img alt="e" /><span style="color:red">f</span></div>');
  });

  it('keeps what email clients render: tables, inline styles, links, images', async () => {
    const source =
      '<table cellpadding="0" cellspacing="0" border="0"><tr><td style="font-family:Arial, sans-serif;color:#333333" valign="top">' +
      '<a href="https://www.acme.example/" target="_blank">Acme</a> <a href="mailto:{{email}}">{{email}}</a> <a href="tel:{{workPhone}}">T</a>' +
      '<img src="https://assets.acme.example/logo.png" alt="Acme" width="80" height="20" border="0" /></td></tr></table>';
    const { html, errors } = await sanitizeTemplate(source);
    expect(errors).toEqual([]);
    expect(html).toBe(source);
  });

  it('refuses unknown placeholders, unbalanced sections and placeholders in unsafe attributes', async () => {
    expect((await sanitizeTemplate('{{nickname}}')).errors).toEqual(['unknown placeholder {{nickname}}']);
    expect((await sanitizeTemplate('{{#title}}x')).errors).toEqual(['{{#title}} is never closed']);
    expect((await sanitizeTemplate('{{#title}}x{{/email}}')).errors).toEqual(['{{/email}} closes {{#title}}']);
    expect((await sanitizeTemplate('x{{/email}}')).errors).toEqual(['{{/email}} closes nothing']);
    expect((await sanitizeTemplate('a{{,}}b')).errors).toEqual(['{{,}} outside a {{#join}} section']);
    expect((await sanitizeTemplate('{{ firstName')).errors).toHaveLength(1);
    expect((await sanitizeTemplate('<span style="color:{{title}}">x</span>')).errors).toEqual(['<span style>: placeholders are only allowed in text and in href, alt and title']);
    expect((await sanitizeTemplate('<img src="https://x.example/{{email}}.png" alt="">')).errors).toEqual(['<img src>: placeholders are only allowed in text and in href, alt and title']);
    expect((await sanitizeTemplate('<a href="{{banner}}">x</a>')).errors).toEqual(['<a href>: {{banner}} belongs in text, not in an attribute']);
    expect((await sanitizeTemplate('{{#firstName|lastName}}{{firstName}} {{lastName}}{{/firstName|lastName}}')).errors).toEqual([]);
  });
});
