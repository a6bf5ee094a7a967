import { isbot } from 'isbot';

/**
 * Bot or person, from what a request says about itself: no IP address is looked at or kept.
 * Email security scanners (Proofpoint, Mimecast, Microsoft Safe Links, Barracuda) open every link
 * of a message before delivery; browsers prefetch; link previews send HEAD. Such hits are counted
 * as bots with their reason, never dropped, so reports show raw and filtered numbers.
 */
export const BOT_REASONS = ['head', 'prefetch', 'scanner_referrer', 'no_user_agent', 'user_agent', 'burst'] as const;
export type BotReason = (typeof BOT_REASONS)[number];
export const DEVICE_CLASSES = ['desktop', 'mobile', 'tablet', 'email_proxy'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

export type Classification = { bot: false; device: DeviceClass } | { bot: true; reason: BotReason };

export interface HitSignals {
  action: 'click' | 'view';
  method: string;
  userAgent: string | undefined;
  /** `Purpose`, `Sec-Purpose` and `X-Moz` request headers. */
  purpose: string | undefined;
  referer: string | undefined;
  /** The same link was hit within the last second (see BurstTracker). */
  burst: boolean;
}

const SCANNER_HOSTS = /(^|\.)(urldefense\.com|urldefense\.proofpoint\.com|proofpoint\.com|mimecast\.com|mimecastprotect\.com|safelinks\.protection\.outlook\.com|cudasvc\.com|barracudanetworks\.com|trendmicro\.com|scanner\.)/i;
/** Image proxies of webmail fetch the banner when a person opens the message: a view, not a bot. */
const IMAGE_PROXY = /GoogleImageProxy|YahooMailProxy/i;

export function isScannerReferrer(referer: string | undefined): boolean {
  if (!referer) return false;
  try {
    return SCANNER_HOSTS.test(new URL(referer).hostname);
  } catch {
    return false;
  }
}

export function deviceClass(userAgent: string): DeviceClass {
  if (/iPad|Tablet|PlayBook|Silk|Kindle|Android(?!.*Mobile)/i.test(userAgent)) return 'tablet';
  if (/Mobi|iPhone|iPod|Android|Windows Phone/i.test(userAgent)) return 'mobile';
  return 'desktop';
}

export function classifyHit(s: HitSignals): Classification {
  if (s.method === 'HEAD') return { bot: true, reason: 'head' };
  if (s.purpose && /prefetch|preview/i.test(s.purpose)) return { bot: true, reason: 'prefetch' };
  if (isScannerReferrer(s.referer)) return { bot: true, reason: 'scanner_referrer' };
  const ua = s.userAgent?.trim() ?? '';
  if (!ua) return { bot: true, reason: 'no_user_agent' };
  if (s.action === 'view' && IMAGE_PROXY.test(ua)) return s.burst ? { bot: true, reason: 'burst' } : { bot: false, device: 'email_proxy' };
  if (isbot(ua)) return { bot: true, reason: 'user_agent' };
  if (s.burst) return { bot: true, reason: 'burst' };
  return { bot: false, device: deviceClass(ua) };
}

/**
 * Remembers, in memory and for `windowMs` only, which links were just hit: a second hit on the
 * same link within the window is a burst (scanners fetch each link several times, double clicks
 * count once). Keyed by the token, never by an address; bounded in size.
 */
export class BurstTracker {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly windowMs = 1000,
    private readonly maxEntries = 50_000,
  ) {}

  /** Records a hit; true when the same key was hit within the window. */
  hit(key: string, nowMs: number): boolean {
    const last = this.seen.get(key);
    this.seen.delete(key);
    this.seen.set(key, nowMs);
    if (this.seen.size > this.maxEntries) {
      for (const [k, t] of this.seen) {
        if (this.seen.size <= this.maxEntries && nowMs - t < this.windowMs) break;
        this.seen.delete(k);
      }
    }
    return last !== undefined && nowMs - last < this.windowMs;
  }
}
