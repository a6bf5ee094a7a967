import { beforeAll, describe, expect, it } from 'vitest';
import { LinkResolver } from '../../functions/src/tracking/link-resolver.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

/**
 * The links function's campaign cache is shared by every tenant on an instance: one tenant's many
 * campaigns with 2,000-character addresses must not fill its memory. Bounded by characters, oldest
 * out, and an entry pushed out is read again (never served from anything else).
 */
const T = 'acme';
let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});

describe("the link resolver's cache", () => {
  it('holds at most maxChars characters of long-address campaigns, oldest first out, and reads an evicted one again right', async () => {
    const long = (i: number) => `https://www.acme.example/${String(i).padStart(4, '0')}/${'x'.repeat(1_900)}`;
    for (let i = 0; i < 12; i++) {
      const campaignId = `long-${i}`;
      const page = long(i);
      await env.deps.db.doc(`tenants/${T}/campaigns/${campaignId}`).set({ kind: 'banner', name: `Long ${i}`, status: 'active', startAt: new Date('2026-01-01T00:00:00Z'), endAt: null, banner: { imageUrl: page, destinationUrl: page } });
      await env.deps.db.doc(`tenants/${T}/linkCodes/${900_000 + i}`).set({ kind: 'campaign', campaignId });
    }
    const resolver = new LinkResolver(env.deps.db, { ttlMs: 60_000, maxChars: 20_000 });
    for (let i = 0; i < 12; i++) expect((await resolver.campaign(T, 900_000 + i))?.destinationUrl).toBe(long(i));
    const { entries, chars } = resolver.held;
    expect(chars).toBeLessThanOrEqual(20_000);
    // Each entry holds two ~1,930-character addresses: about five fit.
    expect(entries).toBeGreaterThanOrEqual(4);
    expect(entries).toBeLessThan(12);
    // The newest stay; the oldest went and is read again, right.
    expect(resolver.peekCampaign(T, 900_011)?.destinationUrl).toBe(long(11));
    expect(resolver.peekCampaign(T, 900_000)).toBeUndefined();
    expect((await resolver.campaign(T, 900_000))?.destinationUrl).toBe(long(0));
  });
});
