import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLinksApp, createLinksRuntime, type LinksDeps } from '../../functions/src/links/links-app.js';
import { mintBannerLinks } from '../../functions/src/tracking/mint-links.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

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

describe('counted clicks per link per day', () => {
  it('counts at most 200 people a day on one link, across instances; later clicks still redirect, as daily_cap', async () => {
    const users = (await env.deps.db.collection('tenants/acme/users').limit(5).get()).docs.map((d) => d.id);
    const [first, second] = users.filter((u) => u !== JANE && u !== 'u32f7704e965ffbe');
    let client = 0;
    const people = async (instance: ReturnType<typeof linksApp>, path: string, n: number) => {
      for (let i = 0; i < n; i++) {
        instance.tick();
        client++;
        const res = await instance.http.get(path).set('User-Agent', CHROME).set('X-Forwarded-For', `10.${client >> 8}.${client & 255}.9, 198.51.100.1`);
        expect(res.status).toBe(302);
        expect(res.headers.location).toBe('https://www.acme.example/spring');
      }
    };
    const capped = async () => {
      const snap = await env.deps.db.collection('tenants/acme/campaigns/spring-launch/counters').get();
      return snap.docs.reduce((n, d) => n + (d.get('botReasons.click.daily_cap') ?? 0), 0);
    };
    const pathOf = async (userId: string) => new URL((await mintBannerLinks(env.deps, { tenantId: 'acme', campaignId: 'spring-launch', userId })).clickUrl).pathname;

    // One instance: 210 different people on one link, 200 counted.
    let before = await totals();
    let cappedBefore = await capped();
    await people(linksApp(), await pathOf(first!), 210);
    expect((await totals()).clicks - before.clicks).toBe(200);
    expect((await capped()) - cappedBefore).toBe(10);

    // Two instances, each with its own memory, one Firestore: the second knows what the first
    // counted, up to the clicks the first admitted since its last sync (one 30 s window: 28 here).
    const link = await pathOf(second!);
    before = await totals();
    cappedBefore = await capped();
    await people(linksApp(), link, 150);
    await people(linksApp(), link, 100);
    const counted = (await totals()).clicks - before.clicks;
    expect(counted).toBeGreaterThanOrEqual(200);
    expect(counted).toBeLessThanOrEqual(200 + 28);
    expect((await capped()) - cappedBefore).toBe(250 - counted);
  });
});

describe('recipient links are limited to what the Gmail add-on needs', () => {
  it('refuses the 41st recipient link of one employee in a day with 429 and Retry-After, and more than one recipient at once', async () => {
    const jane = await env.token(DEMO.acmeUser);
    const mint = (recipients: string[]) => env.http.post('/api/campaigns/spring-launch/recipient-links').set('Authorization', `Bearer ${jane}`).send({ recipients });
    const many = await mint(['a@recipient.example', 'b@recipient.example']);
    expect(many.status).toBe(400);
    expect(fieldText(many)).toBe('body.recipients: one recipient per request: a recipient link is for an email to one recipient');
    for (let i = 0; i < 40; i++) {
      const res = await mint([`person${i}@recipient.example`]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const refused = await mint(['person40@recipient.example']);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.body.error.message).toMatch(/^recipient links: at most 40 a day per employee \(one per email to one outside recipient\), and 40 were made today; more from 00:00 UTC, in \d+ h$/);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    // Another employee is not affected.
    const admin = await env.token(DEMO.acmeAdmin);
    const other = await env.http.post('/api/campaigns/spring-launch/recipient-links').set('Authorization', `Bearer ${admin}`).send({ userId: 'u32f7704e965ffbe', recipients: ['someone@recipient.example'] });
    expect(other.status).toBe(200);
  });
});
