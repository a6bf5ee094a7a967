import { describe, expect, it } from 'vitest';
import { utmParams, utmSlug, withUtm } from '../../functions/src/tracking/utm.js';

const tenant = { enabled: true, source: 'herald', medium: 'email-signature' };

describe('UTM tagging at redirect', () => {
  it('adds source, medium, campaign and the variant as content, after the query and before the fragment', () => {
    const params = utmParams(tenant, { name: 'Été 2026: Big Sale!' }, 'blue-button');
    expect(params).toEqual({ utm_source: 'herald', utm_medium: 'email-signature', utm_campaign: 'ete-2026-big-sale', utm_content: 'blue-button' });
    expect(withUtm('https://www.acme.example/sale?ref=x#top', params)).toBe(
      'https://www.acme.example/sale?ref=x&utm_source=herald&utm_medium=email-signature&utm_campaign=ete-2026-big-sale&utm_content=blue-button#top',
    );
    expect(withUtm('https://www.acme.example/', { utm_source: 'herald' })).toBe('https://www.acme.example/?utm_source=herald');
  });

  it("never duplicates: a parameter already on the URL wins, in any letter case, kept exactly as written", () => {
    const url = 'https://www.acme.example/p?UTM_Source=newsletter&q=a%20b&utm_campaign=spring';
    const tagged = withUtm(url, utmParams(tenant, { name: 'Summer' }, null));
    expect(tagged).toBe(`${url}&utm_medium=email-signature`);
    const params = new URL(tagged).searchParams;
    expect(params.getAll('utm_campaign')).toEqual(['spring']);
    expect([...params.keys()].filter((k) => k.toLowerCase() === 'utm_source')).toHaveLength(1);
    // Tagging twice changes nothing.
    expect(withUtm(tagged, utmParams(tenant, { name: 'Summer' }, null))).toBe(tagged);
  });

  it("takes the campaign's own values over the tenant's, and adds nothing when the tenant turned tagging off", () => {
    expect(utmParams(tenant, { name: 'X', utm: { source: 'acme', campaign: 'q3-push' } }, null)).toEqual({ utm_source: 'acme', utm_medium: 'email-signature', utm_campaign: 'q3-push' });
    expect(utmParams({ ...tenant, enabled: false }, { name: 'X' }, 'a')).toEqual({});
    expect(withUtm('https://acme.example/x', {})).toBe('https://acme.example/x');
  });

  it('puts only the four UTM keys and safe values on the URL: nothing else, nothing it was not given', () => {
    const tagged = new URL(withUtm('https://acme.example/x', { utm_source: 'a b&evil=1', utm_medium: 'ok' } as never));
    expect([...tagged.searchParams.keys()]).toEqual(['utm_medium']);
    expect(utmSlug('!!!')).toBe('campaign');
    expect(utmSlug('A'.repeat(100))).toHaveLength(60);
  });
});
