import { describe, expect, it } from 'vitest';
import { allowedDestination, allowedImage, checkDestination } from '../../functions/src/trust/destination-policy.js';

const scope = { verifiedDomains: ['acme.example'], allowedHosts: ['partner.example'] };

describe('the link destination rule', () => {
  it('refuses every spelling of an IP literal', () => {
    for (const url of ['https://127.1/', 'https://0177.0.0.1/', 'https://0x7f000001/', 'https://2130706433/', 'https://127.0.0.1./', 'https://[0:0:0:0:0:ffff:7f00:1]/', 'https://[fe80::1%25eth0]/', 'https://169.254.169.254/latest/meta-data/']) {
      const checked = checkDestination(url, scope);
      expect(checked.ok ? checked.url : checked.problem, url).toMatch(/IP address|full web address/);
    }
  });

  it('refuses internal and single-label names, userinfo and other schemes', () => {
    for (const url of ['https://router.lan/', 'https://nas.home/', 'https://x.corp/', 'https://svc.localhost/', 'https://a.onion/', 'https://wpad/', 'https://user@www.acme.example/', 'ftp://www.acme.example/', 'javascript://www.acme.example/%0aalert(1)', '//www.acme.example/', 'www.acme.example']) {
      expect(allowedDestination(url, scope), url).toBeNull();
    }
  });

  it('refuses look-alikes of an allowed host', () => {
    for (const url of ['https://acme.example.evil.example/', 'https://evilacme.example/', 'https://www.acme.examp1e/', 'https://xn--acm-8ma.example/', 'https://partner.example.evil.example/']) {
      expect(allowedDestination(url, scope), url).toBeNull();
    }
  });

  it('allows verified domains, allowed hosts and their subdomains, normalised', () => {
    expect(allowedDestination('https://WWW.Acme.Example/Spring', scope)).toBe('https://www.acme.example/Spring');
    expect(allowedDestination('https://acme.example./', scope)).toBe('https://acme.example./');
    expect(allowedDestination('https://shop.partner.example/été', scope)).toBe('https://shop.partner.example/%C3%A9t%C3%A9');
  });

  it("allows images on the link host's own origin, and nothing else of it", () => {
    expect(allowedImage('http://localhost:5000/demo/b.svg', scope, 'http://localhost:5000')).toBe('http://localhost:5000/demo/b.svg');
    expect(allowedImage('http://x@localhost:5000/demo/b.svg', scope, 'http://localhost:5000')).toBeNull();
    expect(allowedImage('http://localhost:5001/demo/b.svg', scope, 'http://localhost:5000')).toBeNull();
  });
});
