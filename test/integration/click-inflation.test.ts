import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLinksApp, createLinksRuntime, type LinksDeps } from '../../functions/src/links/links-app.js';
import { mintBannerLinks } from '../../functions/src/tracking/mint-links.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

/**
 * Issue 20, item 8: one client inflated clicks (56 clicks in 12 s counted 49 as human). A client
 * clicking the same link again within minutes counts once; the rest are counted as `repeat`.
 */
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const JANE = 'u649905b987a36b6';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});

/** The links function on a clock the test moves: each click 1.1 s after the last, past the one-second burst window. */
function linksApp() {
  let t = Date.now();
  const deps: LinksDeps = { ...env.deps, now: () => new Date(t) };
  const http = supertest(createLinksApp(deps, createLinksRuntime(deps, { cacheTtlMs: 0 })));
  return { http, tick: () => (t += 1_100) };
}

async function totals() {
  const snap = await env.deps.db.collection('tenants/acme/campaigns/spring-launch/counters').get();
  let clicks = 0;
  let botClicks = 0;
  let repeats = 0;
  for (const d of snap.docs) {
    clicks += d.get('clicks') ?? 0;
    botClicks += d.get('botClicks') ?? 0;
    repeats += d.get('botReasons.click.repeat') ?? 0;
  }
  return { clicks, botClicks, repeats };
}

describe('one client cannot inflate clicks', () => {
  it('counts 56 clicks of one client on one link as one person and 55 repeats, all redirected', async () => {
    const { clickUrl } = await mintBannerLinks(env.deps, { tenantId: 'acme', campaignId: 'spring-launch', userId: JANE });
    const { http, tick } = linksApp();
    const before = await totals();
    for (let i = 0; i < 56; i++) {
      tick();
      // Whatever the client writes in X-Forwarded-For itself stands left of what Google's front ends add.
      const res = await http.get(new URL(clickUrl).pathname).set('User-Agent', CHROME).set('X-Forwarded-For', `10.0.${i}.1, 203.0.113.7, 198.51.100.1`);
      expect(res.status).toBe(302);
    }
    const after = await totals();
    expect(after.clicks - before.clicks).toBe(1);
    expect(after.botClicks - before.botClicks).toBe(55);
    expect(after.repeats - before.repeats).toBe(55);
  });

  it('still counts other people on the same link, and the same person on another link', async () => {
    const jane = await mintBannerLinks(env.deps, { tenantId: 'acme', campaignId: 'spring-launch', userId: JANE });
    const john = await mintBannerLinks(env.deps, { tenantId: 'acme', campaignId: 'spring-launch', userId: 'u32f7704e965ffbe' });
    const { http, tick } = linksApp();
    const before = await totals();
    for (const client of ['203.0.113.20', '203.0.113.21', '203.0.113.22']) {
      tick();
      await http.get(new URL(jane.clickUrl).pathname).set('User-Agent', CHROME).set('X-Forwarded-For', `${client}, 198.51.100.1`);
    }
    tick();
    await http.get(new URL(john.clickUrl).pathname).set('User-Agent', CHROME).set('X-Forwarded-For', '203.0.113.20, 198.51.100.1');
    const after = await totals();
    expect(after.clicks - before.clicks).toBe(4);
    expect(after.repeats - before.repeats).toBe(0);
  });
});
