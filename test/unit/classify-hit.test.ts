import { describe, expect, it } from 'vitest';
import { BurstTracker, classifyHit, deviceClass, type HitSignals } from '../../functions/src/tracking/classify-hit.js';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const GMAIL_PROXY = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
const base: HitSignals = { action: 'click', method: 'GET', userAgent: CHROME, purpose: undefined, referer: undefined, burst: false, repeat: false };

describe('classifyHit', () => {
  it('counts a browser as a person with its device class', () => {
    expect(classifyHit(base)).toEqual({ bot: false, device: 'desktop' });
    expect(classifyHit({ ...base, userAgent: IPHONE })).toEqual({ bot: false, device: 'mobile' });
  });

  it.each([
    [{ method: 'HEAD' }, 'head'],
    [{ purpose: 'prefetch' }, 'prefetch'],
    [{ referer: 'https://urldefense.proofpoint.com/v2/url?u=x' }, 'scanner_referrer'],
    [{ referer: 'https://nam12.safelinks.protection.outlook.com/?url=x' }, 'scanner_referrer'],
    [{ referer: 'https://protect-eu.mimecast.com/s/abc' }, 'scanner_referrer'],
    [{ userAgent: '' }, 'no_user_agent'],
    [{ userAgent: 'curl/8.5.0' }, 'user_agent'],
    [{ userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }, 'user_agent'],
    [{ burst: true }, 'burst'],
  ] as const)('flags %o as a bot (%s)', (signals, reason) => {
    expect(classifyHit({ ...base, ...signals })).toEqual({ bot: true, reason });
  });

  it("counts Gmail's image proxy as a view by a person, but not as a click", () => {
    expect(classifyHit({ ...base, action: 'view', userAgent: GMAIL_PROXY })).toEqual({ bot: false, device: 'email_proxy' });
    expect(classifyHit({ ...base, action: 'click', userAgent: GMAIL_PROXY })).toEqual({ bot: true, reason: 'user_agent' });
  });

  it('gives the same answer for an agent seen many times, whatever else the hit says', () => {
    for (let i = 0; i < 3; i++) {
      expect(classifyHit({ ...base, userAgent: IPHONE })).toEqual({ bot: false, device: 'mobile' });
      expect(classifyHit({ ...base, userAgent: IPHONE, burst: true })).toEqual({ bot: true, reason: 'burst' });
      expect(classifyHit({ ...base, action: 'view', userAgent: GMAIL_PROXY })).toEqual({ bot: false, device: 'email_proxy' });
      expect(classifyHit({ ...base, action: 'click', userAgent: GMAIL_PROXY })).toEqual({ bot: true, reason: 'user_agent' });
    }
    // Many distinct agents (more than the cache holds) are each still classified on their own.
    for (let i = 0; i < 2_500; i++) expect(classifyHit({ ...base, userAgent: `Googlebot/${i}.0 (+http://www.google.com/bot.html)` })).toEqual({ bot: true, reason: 'user_agent' });
    expect(classifyHit({ ...base, userAgent: IPHONE })).toEqual({ bot: false, device: 'mobile' });
  });

  it('ignores unrelated referrers', () => {
    expect(classifyHit({ ...base, referer: 'https://mail.google.com/' })).toEqual({ bot: false, device: 'desktop' });
    expect(classifyHit({ ...base, referer: 'not a url' })).toEqual({ bot: false, device: 'desktop' });
  });

  it('reduces user agents to device classes', () => {
    expect(deviceClass('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)')).toBe('tablet');
    expect(deviceClass('Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36')).toBe('mobile');
    expect(deviceClass('Mozilla/5.0 (Linux; Android 13; SM-X700) Safari/537.36')).toBe('tablet');
  });
});

describe('BurstTracker', () => {
  it('flags a second hit on the same link within the window only', () => {
    const t = new BurstTracker(1000, 10);
    expect(t.hit('a', 0)).toBe(false);
    expect(t.hit('a', 500)).toBe(true);
    expect(t.hit('b', 600)).toBe(false);
    expect(t.hit('a', 2000)).toBe(false);
  });

  it('stays within its size bound', () => {
    const t = new BurstTracker(1000, 100);
    for (let i = 0; i < 1000; i++) t.hit(`k${i}`, i * 10);
    expect((t as unknown as { seen: Map<string, number> }).seen.size).toBeLessThanOrEqual(100);
  });
});
