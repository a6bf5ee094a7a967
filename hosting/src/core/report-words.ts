import type { BotReason, DeviceClass } from '../../../functions/src/api-types.js';

/** Why a hit was filtered, in words (typed over the tracker's list: a new reason does not compile without its words). */
export const BOT_REASON_WORDS: Record<BotReason, string> = {
  head: 'Link checked without opening (HEAD request)',
  prefetch: 'Fetched ahead by a browser or mail app',
  scanner_referrer: 'Opened by a security scanner',
  no_user_agent: 'No browser named',
  user_agent: 'A known bot or scanner',
  burst: 'Too many at once from one place',
  repeat: 'The same client again within seconds',
  daily_cap: "Over the day's limit for one employee",
};

/** Where a view was seen, in words. */
export const DEVICE_WORDS: Record<DeviceClass, string> = {
  desktop: 'Computer',
  mobile: 'Phone',
  tablet: 'Tablet',
  email_proxy: "A mail service's image proxy (device unknown)",
};

export const botReasonWords = (k: string): string => (BOT_REASON_WORDS as Record<string, string>)[k] ?? k.replace(/_/g, ' ');
export const deviceWords = (k: string): string => (DEVICE_WORDS as Record<string, string>)[k] ?? k.replace(/_/g, ' ');
