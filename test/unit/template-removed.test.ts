import { describe, expect, it } from 'vitest';
import { sanitizeTemplate } from '../../functions/src/signatures/sanitize-template.js';

describe('what the allowlist removes from a template is told, in words', () => {
  it('names each removed element, attribute and style property, with how many and why', async () => {
    const { html, removed } = await sanitizeTemplate(
      '<table><tr><td style="color:#333;position:absolute"><script>alert(1)</script><b onclick="steal()">{{firstName}}</b>' +
        '<a href="javascript:alert(1)">x</a><svg width="10"></svg><iframe src="https://x.example"></iframe><script>2</script></td></tr></table>',
    );
    expect(html).not.toMatch(/script|onclick|position|javascript|svg|iframe|data:/);
    expect(removed).toEqual([
      'The <script> element (2 times): scripts never run in e-mail.',
      'The <svg> element: Gmail and Outlook do not display SVG; upload a PNG instead.',
      'The <iframe> element: mail apps do not show embedded pages.',
      'The onclick attribute on <b>: scripts never run in e-mail.',
      'The href attribute on <a>: only web (https://), mailto: and tel: links are kept.',
      'The style property position: mail apps ignore it or it could load outside content.',
    ]);
  });

  it('says nothing when nothing was removed', async () => {
    const { removed } = await sanitizeTemplate('<table cellpadding="0"><tr><td style="color:#333333;font-size:13px"><b>{{firstName}}</b> <a href="mailto:{{email}}">{{email}}</a><img src="https://assets.acme.example/logo.png" alt="Acme" width="80"></td></tr></table>{{banner}}');
    expect(removed).toEqual([]);
  });
});
