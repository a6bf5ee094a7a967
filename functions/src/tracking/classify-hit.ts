import { isbot } from 'isbot';
import { BOT_REASONS, DEVICE_CLASSES, type BotReason, type DeviceClass } from '../core/counter-shape.js';

/**
 * Bot or person, from what a request says about itself: no IP address is looked at or kept.
 * Email security scanners (Proofpoint, Mimecast, Microsoft Safe Links, Barracuda) open every link
 * of a message before delivery; browsers prefetch; link previews send HEAD. Such hits are counted
 * as bots with their reason, never dropped, so reports show raw and filtered numbers.
 */

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
  /** The same client hit the same link within the last minutes (see ClientRepeats). */
  repeat: boolean;
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

/** What a user agent alone says; cached, because a handful of agents make most of the traffic. */
interface AgentVerdict {
  bot: boolean;
  imageProxy: boolean;
  human: Classification;
}
const agentVerdicts = new Map<string, AgentVerdict>();
const AGENT_CACHE_MAX = 2_000;
const AGENT_CACHE_MAX_LENGTH = 512;
// Shared, frozen answers: classifying a hit allocates nothing.
const HUMAN = Object.fromEntries(DEVICE_CLASSES.map((device) => [device, Object.freeze({ bot: false, device })])) as Record<DeviceClass, Classification>;
const BOT = Object.fromEntries(BOT_REASONS.map((reason) => [reason, Object.freeze({ bot: true, reason })])) as Record<BotReason, Classification>;

/**
 * isbot's pattern is one large regular expression (~5 µs a call): the verdict per distinct agent
 * string is kept in a small bounded map (in memory only, cleared when full, never stored).
 */
function agentVerdict(ua: string): AgentVerdict {
  let verdict = agentVerdicts.get(ua);
  if (verdict) return verdict;
  verdict = { bot: isbot(ua), imageProxy: IMAGE_PROXY.test(ua), human: HUMAN[deviceClass(ua)] };
  if (ua.length <= AGENT_CACHE_MAX_LENGTH) {
    if (agentVerdicts.size >= AGENT_CACHE_MAX) agentVerdicts.clear();
    agentVerdicts.set(ua, verdict);
  }
  return verdict;
}

/** A person's click past its link's daily cap (link-day-cap.ts): redirected, not counted as a person. */
export const OVER_DAILY_CAP: Classification = BOT.daily_cap;

export function classifyHit(s: HitSignals): Classification {
  if (s.method === 'HEAD') return BOT.head;
  if (s.purpose && /prefetch|preview/i.test(s.purpose)) return BOT.prefetch;
  if (isScannerReferrer(s.referer)) return BOT.scanner_referrer;
  const ua = s.userAgent?.trim() ?? '';
  if (!ua) return BOT.no_user_agent;
  const agent = agentVerdict(ua);
  if (s.action === 'view' && agent.imageProxy) return s.burst ? BOT.burst : HUMAN.email_proxy;
  if (agent.bot) return BOT.user_agent;
  if (s.burst) return BOT.burst;
  if (s.repeat) return BOT.repeat;
  return agent.human;
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
