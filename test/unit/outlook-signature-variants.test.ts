import { describe, expect, it } from 'vitest';
import { MAX_CACHE_CHARS } from '../../outlook-addin/src/signature-handler.js';
import { MAX_SESSION_ANSWER_CHARS } from '../../outlook-addin/src/item-state.js';
import { allColleagues, chooseVariant, fingerprint, packAnswer, unpackAnswer, type SignatureAnswer } from '../../outlook-addin/src/signature-variants.js';

const FULL: SignatureAnswer = { html: 'H', reply: { html: 'R' }, internal: { html: 'I' }, internalReply: { html: 'IR' }, verifiedDomains: ['acme.example'] };

describe('which variant the add-in inserts', () => {
  it('by audience and compose type, falling back along what the answer holds', () => {
    const pick = (a: SignatureAnswer, reply: boolean, internal: boolean) => chooseVariant(a, { reply, internal }).name;
    expect([pick(FULL, false, false), pick(FULL, true, false), pick(FULL, false, true), pick(FULL, true, true)]).toEqual(['html', 'reply', 'internal', 'internalReply']);
    // No colleagues' reply variant: the colleagues' one; no internal variants at all: the external ones.
    expect(pick({ ...FULL, internalReply: null }, true, true)).toBe('internal');
    expect(pick({ html: 'H', reply: { html: 'R' } }, true, true)).toBe('reply');
    expect(pick({ html: 'H' }, true, true)).toBe('html');
    expect(pick({ html: 'H', internal: { html: 'I' } }, true, false)).toBe('html');
  });
});

describe('who counts as a colleague', () => {
  it('every recipient on a verified domain, exactly and case-insensitively; nobody yet is not "colleagues only"', () => {
    expect(allColleagues(['Sam@ACME.example', 'ops@acme.example'], ['acme.example'])).toBe(true);
    expect(allColleagues([], ['acme.example'])).toBe(false);
    expect(allColleagues(['sam@acme.example'], [])).toBe(false);
    expect(allColleagues(['sam@acme.example'], undefined)).toBe(false);
    for (const outsider of ['sam@sub.acme.example', 'sam@acme.example.evil.example', 'sam@notacme.example', '', 'acme.example', 'sam@']) {
      expect(allColleagues(['ops@acme.example', outsider], ['acme.example']), outsider).toBe(false);
    }
  });
});

describe("what the add-in keeps (roaming settings' 32 KB, session data's 50,000 characters)", () => {
  const big = (n: number) => '<p>' + 'x'.repeat(n) + '</p>';

  it('keeps everything that fits', () => {
    expect(unpackAnswer(packAnswer(FULL, MAX_CACHE_CHARS))).toEqual({ html: 'H', reply: { html: 'R' }, internal: { html: 'I' }, internalReply: { html: 'IR' }, verifiedDomains: ['acme.example'] });
  });

  it("drops the colleagues' reply variant first, then the reply variant, then the colleagues' variant with the domains; never html", () => {
    const answer: SignatureAnswer = { html: big(9_000), reply: { html: big(8_000) }, internal: { html: big(7_000) }, internalReply: { html: big(6_000) }, verifiedDomains: ['acme.example'] };
    const kept = (budget: number) => {
      const packed = packAnswer(answer, budget);
      if (packed === null) return null;
      expect(packed.length).toBeLessThanOrEqual(budget);
      const a = unpackAnswer(packed)!;
      return (['html', 'reply', 'internal', 'internalReply'] as const).filter((k) => (k === 'html' ? a.html : a[k]?.html));
    };
    expect(kept(31_000)).toEqual(['html', 'reply', 'internal', 'internalReply']);
    expect(kept(MAX_CACHE_CHARS)).toEqual(['html', 'reply', 'internal']);
    expect(kept(20_000)).toEqual(['html', 'internal']);
    expect(kept(10_000)).toEqual(['html']);
    expect(unpackAnswer(packAnswer(answer, 10_000))!.verifiedDomains).toEqual([]);
    expect(kept(8_000)).toBeNull();
  });

  it('the session budget leaves room for the rest of the state under 50,000 characters', () => {
    expect(MAX_SESSION_ANSWER_CHARS + 200).toBeLessThan(50_000);
    expect(MAX_CACHE_CHARS).toBeLessThan(32 * 1024);
  });

  it('reads back only what is an answer', () => {
    expect(unpackAnswer('not json')).toBeNull();
    expect(unpackAnswer(JSON.stringify({ reply: null }))).toBeNull();
    expect(unpackAnswer(undefined)).toBeNull();
    expect(unpackAnswer({ html: 'H' })).toEqual({ html: 'H' });
  });
});

describe('the fingerprint of what was inserted', () => {
  it('is equal for equal HTML and differs when one character does', () => {
    expect(fingerprint('<p>Jane</p>')).toBe(fingerprint('<p>Jane</p>'));
    expect(fingerprint('<p>Jane</p>')).not.toBe(fingerprint('<p>Jana</p>'));
    expect(fingerprint('')).not.toBe(fingerprint(' '));
  });
});
