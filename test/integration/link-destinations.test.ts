import supertest from 'supertest';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLinksApp, createLinksRuntime, type LinksRuntime } from '../../functions/src/links/links-app.js';
import { BurstTracker } from '../../functions/src/tracking/classify-hit.js';
import { GroupCommitter } from '../../functions/src/tracking/group-committer.js';
import { LinkResolver } from '../../functions/src/tracking/link-resolver.js';
import { setLinksSuspended } from '../../functions/src/tracking/link-suspension.js';
import { VerifiedTokens } from '../../functions/src/tracking/verified-tokens.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

/**
 * Issue 20, item 9: the shared link host leads only to https pages on the tenant's verified domains
 * or on hosts its admins allowed, checked on save (naming the field) and again at every redirect;
 * an operator can suspend a tenant's links at once.
 */
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const JANE = 'u649905b987a36b6';
const CAMPAIGN = 'tenants/acme/campaigns/spring-launch';
const DESTINATION = 'https://www.acme.example/spring';
const FALLBACK = 'https://www.acme.example/';

let env: TestEnv;
let admin: string;
const as = () => ({ Authorization: `Bearer ${admin}` });

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.token(DEMO.acmeAdmin);
});

beforeEach(async () => {
  await env.deps.db.doc('tenants/acme').update({ linksSuspended: false, allowedDestinationHosts: [], 'settings.fallbackUrl': FALLBACK });
  await env.deps.db.doc(CAMPAIGN).update({ 'banner.destinationUrl': DESTINATION });
});

/** Each a way to leave the tenant's own sites that the link host used to follow. */
const REFUSED: [string, string][] = [
  ['https://www.acme.example@evil.example/login', 'user name or password'],
  ['https://www.acme.example:pw@evil.example/', 'user name or password'],
  ['http://www.acme.example/spring', 'https://'],
  ['https://127.0.0.1/login', 'IP address'],
  ['https://2130706433/', 'IP address'],
  ['https://0x7f.0.0.1/', 'IP address'],
  ['https://017700000001/', 'IP address'],
  ['https://[::1]/', 'IP address'],
  ['https://[::ffff:169.254.169.254]/latest', 'IP address'],
  ['https://intranet/', 'public website'],
  ['https://printer.local/', 'internal name'],
  ['https://metadata.google.internal/', 'internal name'],
  ['https://localhost/', 'public website'],
  ['https://evil.example/login', 'not on one of your verified domains'],
  ['https://acme.example.evil.example/', 'not on one of your verified domains'],
  ['https://evil.example\\@www.acme.example/', 'not on one of your verified domains'],
];

const banner = (destinationUrl: string) => ({ imageUrl: 'https://assets.acme.example/b.png', destinationUrl, alt: '' });

describe('saving a link destination', () => {
  it('refuses every destination off the tenant’s own sites, naming the field, and stores nothing', async () => {
    const before = (await env.deps.db.collection('tenants/acme/campaigns').count().get()).data().count;
    for (const [url, why] of REFUSED) {
      const created = await env.http.post('/api/campaigns').set(as()).send({ kind: 'banner', name: 'Phish', startAt: '2026-01-01T00:00:00Z', banner: banner(url) });
      expect(created.status, url).toBe(400);
      expect(fieldText(created), url).toContain('body.banner.destinationUrl');
      expect(created.body.error.message, url).toContain(why);
      expect(created.body.error.fields?.[0]?.field, url).toBe('body.banner.destinationUrl');
      const patched = await env.http.patch('/api/campaigns/spring-launch').set(as()).send({ banner: banner(url) });
      expect(patched.status, url).toBe(400);
      expect(fieldText(patched), url).toContain('body.banner.destinationUrl');
      const fallback = await env.http.patch('/api/tenant/settings').set(as()).send({ fallbackUrl: url });
      expect(fallback.status, url).toBe(400);
      expect(fieldText(fallback), url).toContain('body.fallbackUrl');
    }
    expect((await env.deps.db.collection('tenants/acme/campaigns').count().get()).data().count).toBe(before);
    expect((await env.deps.db.doc(CAMPAIGN).get()).get('banner.destinationUrl')).toBe(DESTINATION);
    expect((await env.deps.db.doc('tenants/acme').get()).get('settings.fallbackUrl')).toBe(FALLBACK);
  });

  it('holds banner images to the same rule (/v/ redirects to them), except images on the link host itself', async () => {
    for (const [url, why] of REFUSED) {
      const res = await env.http.patch('/api/campaigns/spring-launch').set(as()).send({ banner: { ...banner(DESTINATION), imageUrl: url } });
      expect(res.status, url).toBe(400);
      expect(res.body.error.fields?.[0], url).toMatchObject({ field: 'body.banner.imageUrl' });
      expect(res.body.error.message, url).toContain(why);
    }
    const own = `${new URL(env.deps.config.linkBaseUrl).origin}/img/acme/4ce2a8ac3386003685a0a88bddc3fe4a.png`;
    expect((await env.http.patch('/api/campaigns/spring-launch').set(as()).send({ banner: { ...banner(DESTINATION), imageUrl: own } })).status).toBe(200);
  });

  it('accepts https pages on a verified domain and its subdomains', async () => {
    const res = await env.http.patch('/api/campaigns/spring-launch').set(as()).send({ banner: banner('https://shop.acme.example/offer?x=1') });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const settings = await env.http.patch('/api/tenant/settings').set(as()).send({ fallbackUrl: 'https://acme.example/' });
    expect(settings.status).toBe(200);
  });

  it('accepts a host only once an admin allowed it; the list is audited and refuses IPs and internal names', async () => {
    const partner = 'https://shop.partner.example/acme';
    const refused = await env.http.patch('/api/campaigns/spring-launch').set(as()).send({ banner: banner(partner) });
    expect(refused.status).toBe(400);
    // The refusal says, in the customer's words, where the allow-list lives in the console.
    expect(refused.body.error.fields?.[0]).toEqual({
      field: 'body.banner.destinationUrl',
      label: 'Banner link',
      message: 'shop.partner.example is not on one of your verified domains or allowed destination hosts; an admin can allow it on the Overview page, under Allowed link destinations',
    });

    const added = await env.http.post('/api/tenant/destination-hosts').set(as()).send({ host: 'partner.example' });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({ verifiedDomains: ['acme.example'], allowedHosts: ['partner.example'] });
    expect((await env.http.patch('/api/campaigns/spring-launch').set(as()).send({ banner: banner(partner) })).status).toBe(200);
    expect((await env.http.get('/api/tenant/destination-hosts').set(as())).body.allowedHosts).toEqual(['partner.example']);

    // Each refusal names the field and the one problem (the console shows it next to the field).
    const problems: [string, string][] = [
      ['127.0.0.1', 'must name a website, not an IP address'],
      ['2001:db8::1', 'must name a website, not an IP address'],
      ['localhost', 'must be a public website address, e.g. www.example.com'],
      ['printer.local', 'must be a public website, not an internal name'],
      ['metadata.google.internal', 'must be a public website, not an internal name'],
      ['evil.example/path', 'must be a domain name, e.g. acme.example'],
    ];
    for (const [host, problem] of problems) {
      const bad = await env.http.post('/api/tenant/destination-hosts').set(as()).send({ host });
      expect(bad.status, host).toBe(400);
      expect(fieldText(bad), host).toContain('body.host');
      expect(bad.body.error.fields, host).toEqual([{ field: 'body.host', label: 'Link destination', message: problem }]);
    }
    const removed = await env.http.delete('/api/tenant/destination-hosts/partner.example').set(as());
    expect(removed.status).toBe(200);
    expect(removed.body.allowedHosts).toEqual([]);

    const audit = await env.deps.db.collection('tenants/acme/audit').where('action', 'in', ['tenant.destination_host_add', 'tenant.destination_host_remove']).get();
    expect(audit.docs.map((d) => `${d.get('action')} ${d.get('target.id')}`).sort()).toEqual(['tenant.destination_host_add partner.example', 'tenant.destination_host_remove partner.example']);
  });

  it('is not for employees', async () => {
    const user = await env.token(DEMO.acmeUser);
    const res = await env.http.post('/api/tenant/destination-hosts').set('Authorization', `Bearer ${user}`).send({ host: 'partner.example' });
    expect(res.status).toBe(403);
  });
});

describe('following a link', () => {
  async function mint() {
    const res = await env.http.post('/api/campaigns/spring-launch/links').set(as()).send({ userId: JANE });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { click: new URL(res.body.clickUrl as string).pathname, view: new URL(res.body.viewUrl as string).pathname };
  }
  const links = (rt: LinksRuntime = createLinksRuntime(env.deps, { cacheTtlMs: 0, maxWaitMs: 10 })) => supertest(createLinksApp(env.deps, rt));

  it('never follows a stored destination the policy refuses: the fallback instead, else a neutral page', async () => {
    const { click } = await mint();
    for (const [url] of REFUSED) {
      // As saved before the rule existed, or written around the API.
      await env.deps.db.doc(CAMPAIGN).update({ 'banner.destinationUrl': url });
      const res = await links().get(click).set('User-Agent', CHROME);
      expect(res.status, url).toBe(302);
      expect(res.headers.location, url).toBe(FALLBACK);
    }
    await env.deps.db.doc('tenants/acme').update({ 'settings.fallbackUrl': 'https://www.acme.example@evil.example/' });
    const neutral = await links().get(click).set('User-Agent', CHROME);
    expect(neutral.status).toBe(410);
    expect(neutral.headers.location).toBeUndefined();
    expect(neutral.headers['content-type']).toContain('text/html');
  });

  it('never redirects a view to an image the policy refuses: the blank image instead', async () => {
    const { view } = await mint();
    const saved = (await env.deps.db.doc(CAMPAIGN).get()).get('banner.imageUrl') as string;
    try {
      for (const [url] of REFUSED) {
        await env.deps.db.doc(CAMPAIGN).update({ 'banner.imageUrl': url });
        const res = await links().get(view).set('User-Agent', CHROME);
        expect(res.status, url).toBe(200);
        expect(res.headers.location, url).toBeUndefined();
        expect(res.headers['content-type'], url).toBe('image/gif');
      }
      await env.deps.db.doc(CAMPAIGN).update({ 'banner.imageUrl': 'https://cdn.acme.example/b.png' });
      expect((await links().get(view).set('User-Agent', CHROME)).headers.location).toBe('https://cdn.acme.example/b.png');
    } finally {
      await env.deps.db.doc(CAMPAIGN).update({ 'banner.imageUrl': saved });
    }
  });

  it('sends links to a host the admins stopped allowing to the fallback', async () => {
    const { click } = await mint();
    expect((await env.http.post('/api/tenant/destination-hosts').set(as()).send({ host: 'partner.example' })).status).toBe(200);
    expect((await env.http.patch('/api/campaigns/spring-launch').set(as()).send({ banner: banner('https://partner.example/acme') })).status).toBe(200);
    expect((await links().get(click).set('User-Agent', CHROME)).headers.location).toBe('https://partner.example/acme');
    expect((await env.http.delete('/api/tenant/destination-hosts/partner.example').set(as())).status).toBe(200);
    expect((await links().get(click).set('User-Agent', CHROME)).headers.location).toBe(FALLBACK);
  });

  it('an operator suspension stops every click and view redirect, counts nothing, and lifts the same way', async () => {
    const { click, view } = await mint();
    let nowMs = Date.now();
    const ttlMs = 30_000;
    // The production cache (30 s), on a clock the test moves; a refresh waits for Firestore.
    const rt: LinksRuntime = {
      ...createLinksRuntime(env.deps),
      tokens: new VerifiedTokens(env.deps.config.linkKeys),
      resolver: new LinkResolver(env.deps.db, { ttlMs, refreshWaitMs: 60_000, now: () => nowMs }),
      committer: new GroupCommitter(env.deps.db, { maxWaitMs: 10 }),
      burst: new BurstTracker(),
    };
    const http = links(rt);
    expect((await http.get(click).set('User-Agent', CHROME)).headers.location).toBe(DESTINATION);

    await setLinksSuspended({ db: env.deps.db, now: () => new Date() }, 'acme', true);
    nowMs += ttlMs + 1; // applies once the cached tenant expires
    const counters = async () => (await env.deps.db.collection(`${CAMPAIGN}/counters`).get()).docs.map((d) => d.data());
    const before = await counters();
    for (const path of [click, view]) {
      const res = await http.get(path).set('User-Agent', CHROME);
      expect(res.status, path).toBe(410);
      expect(res.headers.location, path).toBeUndefined();
    }
    expect(await counters()).toEqual(before);
    const audit = await env.deps.db.collection('tenants/acme/audit').where('action', '==', 'tenant.links_suspend').get();
    expect(audit.docs[0]?.get('actor')).toEqual({ uid: 'herald-operator', role: 'system' });

    // Tenant admins cannot lift it: no setting carries the flag.
    const lift = await env.http.patch('/api/tenant/settings').set(as()).send({ linksSuspended: false });
    expect(lift.status).toBe(400);

    await setLinksSuspended({ db: env.deps.db, now: () => new Date() }, 'acme', false);
    nowMs += ttlMs + 1;
    expect((await http.get(click).set('User-Agent', CHROME)).headers.location).toBe(DESTINATION);
  });
});
