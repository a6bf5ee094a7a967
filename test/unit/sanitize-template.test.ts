import { describe, expect, it } from 'vitest';
import { sanitizeTemplate } from '../../functions/src/signatures/sanitize-template.js';

describe('sanitizeTemplate', () => {
  it('removes scripts, event handlers, javascript: URLs, forms and style sheets', async () => {
    const { html, errors } = await sanitizeTemplate(
      '<div onclick="steal()" onmouseover="x()">Hi {{firstName}}<script>alert(1)</script>' +
        '<a href="javascript:alert(1)">a</a><a href=" JAVASCRIPT:alert(1)">b</a><a href="vbscript:x">c</a>' +
        '<iframe src="https://evil.example"></iframe>' +
        '<style>body{}</style><form action="https://evil.example"><input name="p"></form><object data="x"></object>' +
        '<span style="background:url(https://evil.example/t.png);color:red">f</span></div>',
    );
    expect(errors).toEqual([]);
    expect(html).toBe('<div>Hi {{firstName}}<a>a</a><a>b</a><a>c</a><span style="color:red">f</span></div>');
  });

  it('refuses an image that is not at an https:// address (data: images Gmail drops, cid: attachments, plain HTTP), in words', async () => {
    const { errors } = await sanitizeTemplate('<img src="data:image/png;base64,AAAA" alt="d"><img src="cid:logo.png" alt="c"><img src="http://assets.acme.example/logo.png" alt="h"><img src="javascript:x" alt="j">');
    expect(errors).toEqual([
      '<img src>: an image is embedded in the HTML (a data: image), which Gmail removes; upload the image or use its https:// address',
      '<img src>: an image is an email attachment (cid:), which a signature cannot carry; upload the image or use its https:// address',
      '<img src>: an image is not at an https:// address, and mail clients load signature images over HTTPS only; upload the image or use its https:// address',
    ]);
    // The demo's own host over HTTP only outside production; https:// everywhere.
    expect((await sanitizeTemplate('<img src="http://localhost:5002/img/acme/logo.png" alt="">', 'local')).errors).toEqual([]);
    expect((await sanitizeTemplate('<img src="http://localhost:5002/img/acme/logo.png" alt="">', 'production')).errors).toHaveLength(1);
    expect((await sanitizeTemplate('<img src="https://assets.acme.example/logo.png" alt="">', 'production')).errors).toEqual([]);
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
