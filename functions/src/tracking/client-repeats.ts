import { createHmac, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** How long a client's hit on a link is remembered: a repeat within it counts as a duplicate, not a person. */
export const REPEAT_WINDOW_MS = 10 * 60_000;
/** Bounded: about 100 bytes an entry, ~10 MB at most per instance; the oldest are forgotten first. */
const MAX_CLIENTS = 100_000;

/**
 * Which client hit which link in the last minutes, so that one client clicking a link again and
 * again counts once. The client is its network address and user agent, never kept as such: only
 * an HMAC of (action, link token, address, agent) under a key drawn at random when the instance
 * starts (or given), truncated, held in memory in a bounded LRU with a TTL, never stored or
 * logged. Another instance (another key) cannot link its entries to these.
 */
export class ClientRepeats {
  private readonly key: Buffer;
  private readonly seen: LRUCache<string, true>;

  constructor(options: { key?: Buffer; windowMs?: number; maxClients?: number; now?: () => number } = {}) {
    this.key = options.key ?? randomBytes(32);
    const now = options.now;
    this.seen = new LRUCache<string, true>({
      max: options.maxClients ?? MAX_CLIENTS,
      ttl: options.windowMs ?? REPEAT_WINDOW_MS,
      ...(now ? { perf: { now } } : {}),
    });
  }

  /** Records the hit; true when the same client hit the same link within the window. */
  hit(action: string, token: string, address: string, userAgent: string): boolean {
    const id = createHmac('sha256', this.key).update(`${action}\0${token}\0${address}\0${userAgent}`).digest('base64url').slice(0, 22);
    if (this.seen.has(id)) return true;
    this.seen.set(id, true);
    return false;
  }
}
