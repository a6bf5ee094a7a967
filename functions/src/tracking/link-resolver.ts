import type { Firestore, Timestamp } from 'firebase-admin/firestore';
import { variantCountKey } from '../core/counter-shape.js';
import { collectionPath, docPath } from '../core/paths.js';
import type { DestinationScope } from '../trust/destination-policy.js';
import { utmSettingsOf, type CampaignUtm, type UtmSettings } from './utm.js';

/**
 * What a link token's codes stand for, cached in memory so that a hot campaign costs no read per
 * click. Entries live `ttlMs`; when a refresh fails or is slow (Firestore down), the stale entry
 * keeps serving, so links that were resolved once keep redirecting.
 */
export interface TenantInfo {
  tenantId: string;
  status: string;
  fallbackUrl: string | null;
  /** Last resort when neither campaign nor fallback gives a destination: the tenant's own (verified) website. */
  homeUrl: string | null;
  /** Where its links may lead (verified domains, hosts its admins allowed): checked at every redirect. */
  destinations: DestinationScope;
  /** Suspended by Herald's operator: every link answers a neutral page. */
  linksSuspended: boolean;
  recipientTracking: { enabled: boolean; retentionDays: number };
  /** The tenant's UTM defaults (settings.utm; off, herald / email-signature when never set). */
  utm: UtmSettings;
}

/** One variant of a running A/B test as the redirect needs it. */
export interface VariantInfo {
  id: string;
  /** Where its people's hits are counted on the shards: the variant scoped by its test (counter-shape.ts). */
  countKey: string;
  weight: number;
  destinationUrl: string;
  imageUrl: string;
}

export interface CampaignInfo {
  campaignId: string;
  status: string;
  startAtMs: number;
  endAtMs: number | null;
  destinationUrl: string | null;
  imageUrl: string | null;
  name: string;
  utm: CampaignUtm | undefined;
  /** A running A/B test's variants (each link goes to its employee's); null without a test or once it ended. */
  variants: VariantInfo[] | null;
  /** An ended test's winner, now the campaign's banner: its clicks keep the winner as `utm_content`. */
  winnerId: string | null;
}

/** The stored A/B test as read here without its schema (the redirect loads no zod). */
interface StoredAbTest {
  variants: { id: string; weight: number; banner: { destinationUrl: string; imageUrl: string } }[];
  testId?: string;
  endedAt?: unknown;
  winnerId?: string | null;
}

/** Cache keys, one spelling for the loaders and the synchronous peeks. */
const KEYS = {
  tenant: (code: number) => `t/${code}`,
  campaign: (tenantId: string, code: number) => `c/${tenantId}/${code}`,
  user: (tenantId: string, code: number) => `u/${tenantId}/${code}`,
};

interface Entry<T> {
  value: T;
  expires: number;
  /** Characters the entry holds (its key and value as JSON), counted against maxChars. */
  chars: number;
}

export class LinkResolver {
  private readonly cache = new Map<string, Entry<unknown>>();
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Firestore,
    /**
     * maxEntries and maxChars bound the cache (oldest first out): a campaign may hold five addresses
     * of 2,000 characters, so a count alone would let one tenant's many long-URL campaigns fill a
     * 256 MiB links instance that serves every tenant. 8 million characters are ~8-16 MB.
     */
    private readonly options: { ttlMs?: number; refreshWaitMs?: number; maxEntries?: number; maxChars?: number; now?: () => number } = {},
  ) {}

  private chars = 0;

  /** Entries and characters held now (tests and benchmarks read it). */
  get held(): { entries: number; chars: number } {
    return { entries: this.cache.size, chars: this.chars };
  }

  tenant(code: number): Promise<TenantInfo | null> {
    return this.cached(KEYS.tenant(code), async () => {
      const snap = await this.db.collection(collectionPath('tenants', {})).where('linkCode', '==', code).limit(1).get();
      const d = snap.docs[0];
      if (!d) return null;
      const settings = (d.get('settings') ?? {}) as {
        fallbackUrl?: string | null;
        recipientTracking?: { enabled?: boolean; retentionDays?: number };
        utm?: Partial<UtmSettings>;
      };
      // Only proved domains: a pending one is anyone's to type in.
      const verified = (d.get('verifiedDomains') ?? []) as string[];
      return {
        tenantId: d.id,
        status: String(d.get('status')),
        fallbackUrl: settings.fallbackUrl ?? null,
        homeUrl: verified[0] ? `https://${verified[0]}/` : null,
        destinations: { verifiedDomains: verified, allowedHosts: (d.get('allowedDestinationHosts') ?? []) as string[] },
        linksSuspended: d.get('linksSuspended') === true,
        recipientTracking: { enabled: settings.recipientTracking?.enabled === true, retentionDays: settings.recipientTracking?.retentionDays ?? 90 },
        utm: utmSettingsOf(settings.utm),
      };
    });
  }

  campaign(tenantId: string, code: number): Promise<CampaignInfo | null> {
    return this.cached(KEYS.campaign(tenantId, code), async () => {
      const link = await this.db.doc(docPath('linkCodes', { tenantId, code: String(code) })).get();
      const campaignId = link.get('kind') === 'campaign' ? (link.get('campaignId') as string) : undefined;
      if (!campaignId) return null;
      const c = await this.db.doc(docPath('campaigns', { tenantId, campaignId })).get();
      if (!c.exists) return null;
      const banner = c.get('banner') as { destinationUrl?: string; imageUrl?: string } | undefined;
      const abTest = c.get('abTest') as StoredAbTest | undefined;
      const running = abTest && !abTest.endedAt && Array.isArray(abTest.variants) && abTest.variants.length >= 2;
      return {
        campaignId,
        status: String(c.get('status')),
        startAtMs: (c.get('startAt') as Timestamp | undefined)?.toMillis() ?? 0,
        endAtMs: (c.get('endAt') as Timestamp | null | undefined)?.toMillis() ?? null,
        destinationUrl: banner?.destinationUrl ?? null,
        imageUrl: banner?.imageUrl ?? null,
        name: String(c.get('name') ?? ''),
        utm: c.get('utm') as CampaignUtm | undefined,
        variants: running
          ? abTest.variants.map((v) => ({ id: v.id, countKey: variantCountKey(abTest.testId, v.id), weight: v.weight, destinationUrl: v.banner.destinationUrl, imageUrl: v.banner.imageUrl }))
          : null,
        winnerId: abTest?.endedAt ? (abTest.winnerId ?? null) : null,
      };
    });
  }

  userId(tenantId: string, code: number): Promise<string | null> {
    return this.cached(KEYS.user(tenantId, code), async () => {
      const link = await this.db.doc(docPath('linkCodes', { tenantId, code: String(code) })).get();
      return link.get('kind') === 'user' ? (link.get('userId') as string) : null;
    });
  }

  /**
   * The fresh cached answers, synchronously (undefined when not cached or expired): the hot path
   * takes these without a promise and only awaits the loaders above on a miss.
   */
  peekTenant(code: number): TenantInfo | null | undefined {
    return this.fresh(KEYS.tenant(code));
  }

  peekCampaign(tenantId: string, code: number): CampaignInfo | null | undefined {
    return this.fresh(KEYS.campaign(tenantId, code));
  }

  peekUserId(tenantId: string, code: number): string | null | undefined {
    return this.fresh(KEYS.user(tenantId, code));
  }

  private fresh<T>(key: string): T | undefined {
    const hit = this.cache.get(key) as Entry<T> | undefined;
    return hit && hit.expires > this.now() ? hit.value : undefined;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key) as Entry<T> | undefined;
    if (hit && hit.expires > this.now()) return Promise.resolve(hit.value);
    let loading = this.pending.get(key) as Promise<T> | undefined;
    if (!loading) {
      const ttl = this.options.ttlMs ?? 30_000;
      loading = load().then(
        (value) => {
          this.pending.delete(key);
          this.remember(key, { value, expires: this.now() + ttl, chars: key.length + (JSON.stringify(value)?.length ?? 4) });
          return value;
        },
        (err: unknown) => {
          this.pending.delete(key);
          throw err;
        },
      );
      this.pending.set(key, loading);
    }
    if (!hit) return loading;
    // Expired: wait for fresh data, but if Firestore fails or is slow, the stale entry answers
    // rather than fail a redirect we can still give.
    const stale = hit.value;
    return new Promise<T>((resolve) => {
      const timer = setTimeout(() => resolve(stale), this.options.refreshWaitMs ?? 1000);
      loading.then(
        (v) => (clearTimeout(timer), resolve(v)),
        () => (clearTimeout(timer), resolve(stale)),
      );
    });
  }

  private remember(key: string, entry: Entry<unknown>): void {
    this.forget(key);
    this.cache.set(key, entry);
    this.chars += entry.chars;
    const max = this.options.maxEntries ?? 20_000;
    const maxChars = this.options.maxChars ?? 8_000_000;
    while (this.cache.size > 1 && (this.cache.size > max || this.chars > maxChars)) this.forget(this.cache.keys().next().value!);
  }

  private forget(key: string): void {
    const old = this.cache.get(key);
    if (!old) return;
    this.chars -= old.chars;
    this.cache.delete(key);
  }
}
