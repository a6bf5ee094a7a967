import supertest from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLinksApp, createLinksRuntime } from '../../functions/src/links/links-app.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/** `/v/<token>` sends the banner image's URL through the same normaliser as a click's destination. */
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
let env: TestEnv;
let links: ReturnType<typeof supertest>;
let view: string;

beforeAll(async () => {
  env = await createTestEnv();
  links = supertest(createLinksApp(env.deps, createLinksRuntime(env.deps, { cacheTtlMs: 0 })));
  const admin = await env.token(DEMO.acmeAdmin);
  const minted = await env.http.post('/api/campaigns/spring-launch/links').set('Authorization', `Bearer ${admin}`).send({ userId: 'u649905b987a36b6' });
  expect(minted.status).toBe(200);
  view = new URL(minted.body.viewUrl as string).pathname;
});

const setImage = (imageUrl: string) => env.deps.db.doc('tenants/acme/campaigns/spring-launch').update({ 'banner.imageUrl': imageUrl });
const views = async () => {
  const snap = await env.deps.db.collection('tenants/acme/campaigns/spring-launch/counters').get();
  return snap.docs.reduce((n, d) => n + ((d.get('views') as number | undefined) ?? 0), 0);
};

describe('the view redirect', () => {
  it('redirects to a non-ASCII image URL, percent-encoded, and counts the view', async () => {
    await setImage('https://cdn.acme.example/bannières/été 2026.png');
    const before = await views();
    const res = await links.get(view).set('User-Agent', CHROME);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('https://cdn.acme.example/banni%C3%A8res/%C3%A9t%C3%A9%202026.png');
    expect(res.headers['cache-control']).toBe('no-cache, max-age=0');
    expect(await views()).toBe(before + 1);
  });

  it('answers the blank image rather than redirect to an image URL that is not http(s)', async () => {
    await setImage('javascript:alert(1)');
    const res = await links.get(view).set('User-Agent', CHROME);
    expect(res.status).toBe(200);
    expect(res.headers.location).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/^image\//);
  });
});
