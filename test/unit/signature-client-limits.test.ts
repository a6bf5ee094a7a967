import { describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/src/core/config.js';
import { imageSources, SIGNATURE_CLIENTS, SIGNATURE_MAX_CHARS, signatureRefusal } from '../../functions/src/core/signature-limits.js';
import { assertOutlookSafe } from '../../functions/src/addins/outlook-safe-signature.js';

const config = readConfig({ VITEST: '1', HERALD_REGION: 'eu', LINK_HOST: 'go.eu.herald.example' });

describe("each mail client's limits, stated once (core/signature-limits.ts)", () => {
  it("states Gmail's 10,000 and Outlook's 30,000 characters; one rendering serves both, so the cap is the smaller", () => {
    expect(SIGNATURE_CLIENTS.gmail.maxChars).toBe(10_000);
    expect(SIGNATURE_CLIENTS.outlook.maxChars).toBe(30_000);
    expect(SIGNATURE_MAX_CHARS).toBe(10_000);
  });

  it('refuses per client: 12,000 characters go to Outlook, not to Gmail', () => {
    const html = `<p>${'x'.repeat(12_000)}</p>`;
    expect(signatureRefusal(html, 'outlook', 'production')).toBeNull();
    expect(signatureRefusal(html, 'gmail', 'production')).toBe('the signature is 12007 characters long; Gmail takes at most 10000');
    expect(signatureRefusal(`<p>${'x'.repeat(30_000)}</p>`, 'outlook', 'production')).toMatch(/Outlook takes at most 30000$/);
  });

  it('images only at https:// (any quoting), for both clients; HTTP only from the local host outside production', () => {
    expect(imageSources(`<img alt="a" src="https://a.example/1.png"><IMG SRC='data:image/png;base64,AA'><img src=cid:x>`)).toEqual(['https://a.example/1.png', 'data:image/png;base64,AA', 'cid:x']);
    for (const client of ['gmail', 'outlook'] as const) {
      expect(signatureRefusal('<img src="data:image/png;base64,AA">', client, 'local')).toMatch(/data: image/);
      expect(signatureRefusal('<img src="//cdn.example/x.png">', client, 'local')).toMatch(/not at an https:\/\/ address/);
      expect(signatureRefusal('<img src="http://localhost:5002/img/x.png">', client, 'local')).toBeNull();
      expect(signatureRefusal('<img src="http://localhost:5002/img/x.png">', client, 'production')).toMatch(/not at an https:\/\/ address/);
    }
  });

  it("the Outlook add-in's answer is refused (412, in words) for an image Outlook cannot show", () => {
    expect(() => assertOutlookSafe(config, '<img src="cid:logo.png">')).toThrow(/an email attachment \(cid:\)/);
    expect(() => assertOutlookSafe(config, `<p>${'x'.repeat(20_000)}</p>`)).not.toThrow();
  });
});
