import { LRUCache } from 'lru-cache';
import type { Deps } from '../core/deps.js';
import { domainSchema } from '../core/schemas/tenant.js';
import { soleTenantVerifying } from '../trust/verified-domains.js';
import { DETECTORS, FORGED_UNINSTALL, watchesEvent, type AlertEvent } from './detectors.js';
import { raiseAlert } from './raise-alert.js';

/** Domains remembered (tenant or none), tenants counted, alerts already raised: each LRU at most this many keys. */
const MAX_KEYS = 10_000;
/** How long a domain's answer (a tenant, or none) is kept: a domain verified since counts after this. */
const DOMAIN_TTL_MS = 10 * 60_000;
/** Lookups of domains not in the cache, per instance and minute: beyond it, a refusal is only logged. */
export const LOOKUPS_PER_MINUTE = 60;
const DAY_MS = 24 * 3600_000;

type Named = { tenantId: string } | { tenantId: null };

/**
 * Counts the uninstall webhook's refused requests (bad signature, bad or old timestamp, replay) per
 * tenant and raises the `forged_uninstall_requests` alert (alerts/detectors.ts) for a tenant once
 * one instance has refused FORGED_UNINSTALL.count of them within FORGED_UNINSTALL.minutes.
 *
 * Nothing about a refused request can be trusted: the secret is the marketplace's, one per region,
 * so only the unverified body names a domain. Whoever sends it, the worst they can do is:
 * - make the owners of the tenant that PROVED that domain (a pending domain counts for nobody, so a
 *   squatter cannot aim alerts at itself or at others) receive one alert a day, which is true: someone
 *   is sending forged uninstall requests for their domain. The alert id is (detector, UTC day), the
 *   alert `create()`d once, its mail queued once per alert (mail/queue-owner-mail.ts).
 * - cost bounded work: per refused request, no Firestore write and, for a domain already looked up
 *   (tenant or none, both cached for DOMAIN_TTL_MS, concurrent lookups of one domain coalesced by
 *   lru-cache's fetch), no read; lookups of new domains are capped at LOOKUPS_PER_MINUTE per instance
 *   (a flood of random domains costs at most that many reads a minute, then is only logged); the
 *   alert's writes happen at most once per tenant and day per instance (remembered in `raised`).
 *   Memory: three LRUs of at most MAX_KEYS keys each.
 *
 * Counting per instance, in memory, is enough: the alert says "someone is trying", not "exactly n
 * requests". Spread over several instances the count is lower on each, which only delays the alert
 * until one instance has seen the threshold (a sustained attack gets there; the signature check
 * refused every request anyway, so nothing waits on the alert to be safe). Sharing the count would
 * cost a Firestore write per refused request, which is what an attacker's flood would then buy.
 */
export class RefusedUninstalls {
  private readonly tenants: LRUCache<string, Named>;
  private readonly counts: LRUCache<string, number[]>;
  private readonly raised: LRUCache<string, true>;
  private readonly unknown = { count: 0 };
  private lookups = { windowStart: 0, used: 0 };

  constructor(private readonly deps: Deps) {
    this.tenants = new LRUCache<string, Named>({
      max: MAX_KEYS,
      ttl: DOMAIN_TTL_MS,
      fetchMethod: async (domain) => {
        const found = await soleTenantVerifying(deps.db, domain);
        // Only one active tenant that proved the domain is named; none, several or one being deleted: nobody.
        if (found.kind !== 'one' || found.tenant.get('status') !== 'active') return { tenantId: null };
        return { tenantId: found.tenant.id };
      },
    });
    this.counts = new LRUCache<string, number[]>({ max: MAX_KEYS, ttl: FORGED_UNINSTALL.minutes * 60_000 });
    this.raised = new LRUCache<string, true>({ max: MAX_KEYS, ttl: DAY_MS });
  }

  /**
   * Records one refused request by its raw body. Never throws (the caller answers the refusal
   * whatever happens here) and logs no request content: a tenant id, counts.
   */
  async refused(rawBody: Buffer): Promise<void> {
    try {
      const domain = domainNamedIn(rawBody);
      const tenantId = domain ? await this.tenantOf(domain) : null;
      if (!domain || !tenantId) {
        this.unknown.count++;
        if (shouldLog(this.unknown.count)) this.deps.log.warn('uninstall webhook refused', { named: domain ? 'no tenant (or not looked up)' : 'no domain', refusedSinceStart: this.unknown.count });
        return;
      }
      const now = this.deps.now();
      const since = now.getTime() - FORGED_UNINSTALL.minutes * 60_000;
      const times = (this.counts.get(tenantId) ?? []).filter((t) => t > since);
      times.push(now.getTime());
      // Only the newest `count` matter for the threshold: the list stays short whatever the volume.
      this.counts.set(tenantId, times.slice(-FORGED_UNINSTALL.count * 4));
      const count = times.length;
      if (shouldLog(count)) this.deps.log.warn('uninstall webhook refused', { tenantId, refusedWithinWindow: count });
      if (count < FORGED_UNINSTALL.count) return;
      const day = now.toISOString().slice(0, 10);
      const once = `${tenantId}:${day}`;
      if (this.raised.has(once)) return;
      this.raised.set(once, true);
      await this.raise(tenantId, { type: 'hook', id: `uninstall_refused-${day}`, hook: 'uninstall_refused', domain, count, minutes: FORGED_UNINSTALL.minutes, at: now }).catch((err: unknown) => {
        this.raised.delete(once); // the next refusal tries again
        throw err;
      });
    } catch (err) {
      this.deps.log.error('refused uninstall not counted', { error: err instanceof Error ? err.name : 'unknown' });
    }
  }

  private async raise(tenantId: string, event: AlertEvent): Promise<void> {
    for (const detector of DETECTORS.filter((d) => watchesEvent(d, event))) {
      const finding = await detector.check(this.deps, tenantId, event);
      if (finding) await raiseAlert(this.deps, tenantId, detector, finding, event);
    }
  }

  /** The tenant that proved the domain: cached (negative answers too); a new domain past the budget is not looked up. */
  private async tenantOf(domain: string): Promise<string | null> {
    if (!this.tenants.has(domain)) {
      const now = Date.now();
      if (now - this.lookups.windowStart >= 60_000) this.lookups = { windowStart: now, used: 0 };
      if (this.lookups.used >= LOOKUPS_PER_MINUTE) return null;
      this.lookups.used++;
    }
    return (await this.tenants.fetch(domain))?.tenantId ?? null;
  }
}

/** The domain the (unverified) body names, when it is JSON with a valid `domain`; else null. */
function domainNamedIn(rawBody: Buffer): string | null {
  if (rawBody.length === 0 || rawBody.length > 64 * 1024) return null;
  try {
    const json = JSON.parse(rawBody.toString('utf8')) as { domain?: unknown } | null;
    const parsed = domainSchema.safeParse(json?.domain);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Log the first, the threshold and then every hundredth: a flood does not become a flood of log lines. */
const shouldLog = (n: number) => n === 1 || n === FORGED_UNINSTALL.count || n % 100 === 0;
