import { beforeAll, describe, expect, it } from 'vitest';
import type { TagPreview } from '../../functions/src/api-types.js';
import { fieldText } from '../support/field-text.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * POST /api/campaigns/tag-preview: the campaign editor's example of a tagged address, made by the
 * redirect's own tagging with the caller's tenant settings; editors only; nothing stored.
 */
let env: TestEnv;
let admin: string;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.token(DEMO.acmeAdmin);
});

const preview = (token: string, body: object) => env.http.post('/api/campaigns/tag-preview').set('Authorization', `Bearer ${token}`).send(body);

describe('the tagged-address example', () => {
  it("tags each link with the campaign's values over the tenant's defaults, keeps the address's own tags, and says when tags are off", async () => {
    const off = await preview(admin, { name: 'Spring launch', links: [{ destinationUrl: 'https://www.acme.example/spring' }] });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body as TagPreview).toEqual({
      enabled: false,
      defaults: { source: 'herald', medium: 'email-signature' },
      links: [{ variantId: null, url: 'https://www.acme.example/spring?utm_source=herald&utm_medium=email-signature&utm_campaign=spring-launch' }],
    });

    expect((await env.http.patch('/api/tenant/settings').set('Authorization', `Bearer ${admin}`).send({ utm: { enabled: true, source: 'acme-mail' } })).status).toBe(200);
    const on = await preview(admin, {
      name: 'Été 2027 offer',
      utm: { medium: 'signature' },
      links: [
        { destinationUrl: 'https://www.acme.example/a?utm_source=partner#top', variantId: 'blue' },
        { destinationUrl: 'https://www.acme.example/b', variantId: 'green' },
      ],
    });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    expect((on.body as TagPreview).enabled).toBe(true);
    expect((on.body as TagPreview).links.map((l) => l.url)).toEqual([
      'https://www.acme.example/a?utm_source=partner&utm_medium=signature&utm_campaign=ete-2027-offer&utm_content=blue#top',
      'https://www.acme.example/b?utm_source=acme-mail&utm_medium=signature&utm_campaign=ete-2027-offer&utm_content=green',
    ]);
    await env.http.patch('/api/tenant/settings').set('Authorization', `Bearer ${admin}`).send({ utm: { enabled: false } });
  });

  it('refuses a tag that could carry an address, naming the field, and lets no viewer or other tenant ask', async () => {
    const bad = await preview(admin, { name: 'X', utm: { campaign: 'jane.doe@acme.example' }, links: [{ destinationUrl: 'https://www.acme.example/' }] });
    expect(bad.status).toBe(400);
    expect(fieldText(bad)).toContain('utm.campaign');
    const viewer = (await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'viewer' })).token;
    expect((await preview(viewer, { name: 'X', links: [{ destinationUrl: 'https://www.acme.example/' }] })).status).toBe(403);
    const initech = await env.token(DEMO.initechAdmin);
    // Another tenant's admin gets their own tenant's settings, never Acme's.
    const theirs = await preview(initech, { name: 'X', links: [{ destinationUrl: 'https://www.initech.example/' }] });
    expect(theirs.status).toBe(200);
    expect((theirs.body as TagPreview).defaults).toEqual({ source: 'herald', medium: 'email-signature' });
  });
});
