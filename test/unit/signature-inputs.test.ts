import { describe, expect, it } from 'vitest';
import type { StoredCampaign } from '../../functions/src/campaigns/campaign-store.js';
import { ROTATION_WINDOW_MS } from '../../functions/src/campaigns/active-campaigns.js';
import type { TenantDoc } from '../../functions/src/core/schemas/tenant.js';
import { signatureInputsHash } from '../../functions/src/signatures/signature-inputs.js';
import type { SignatureContext } from '../../functions/src/signatures/user-signature.js';

const DAY = 86_400_000;
const deps = { config: { linkBaseUrl: 'https://l.example', linkKeys: { current: 'k1', keys: { k1: 'x' } } } } as never;
const tenant = { verifiedDomains: ['acme.example'], domains: ['acme.example'], settings: { gmailSignatures: true }, directorySource: 'google' } as unknown as TenantDoc;
const campaign = (id: string, over: Partial<StoredCampaign> = {}): StoredCampaign =>
  ({ id, kind: 'banner', status: 'active', startAt: new Date(10 * DAY), endAt: null, targetGroups: [], priority: 50, doc: { name: id, banner: { imageUrl: 'https://acme.example/b.png' } } as never, ...over }) as StoredCampaign;
const ctx = (over: Partial<SignatureContext> = {}): SignatureContext => ({
  tenantId: 'acme',
  purpose: 'send',
  templates: new Map([['t1', { name: 'Standard', html: '<p>{{firstName}}</p>{{banner}}' } as never]]),
  assignments: [{ id: 'everyone', templateId: 't1', target: 'everyone', priority: 50 } as never],
  banners: [],
  ...over,
});
const at = (ms: number) => new Date(ms);

describe('the hash of what shapes every signature (signature-inputs.ts)', () => {
  it('is the same on two quiet days, whatever order the stored maps come back in', async () => {
    const a = await signatureInputsHash(deps, tenant, ctx({ banners: [campaign('spring')] }), at(20 * DAY));
    const reordered = { ...tenant, settings: { ...tenant.settings }, domains: [...tenant.domains], directorySource: 'google', verifiedDomains: ['acme.example'] } as TenantDoc;
    const b = await signatureInputsHash(deps, reordered, ctx({ banners: [campaign('spring')] }), at(21 * DAY));
    expect(b).toBe(a);
  });

  it('changes on the day a campaign starts and on the day it ends, not the day before', async () => {
    const starting = ctx({ banners: [campaign('fair', { startAt: new Date(12 * DAY + 3_600_000), endAt: new Date(15 * DAY) })] });
    const [d11, d12, d13, d14, d15] = await Promise.all([11, 12.5, 13, 14, 15].map((d) => signatureInputsHash(deps, tenant, starting, at(d * DAY))));
    expect(d12).not.toBe(d11);
    expect(d13).toBe(d12);
    expect(d14).toBe(d13);
    expect(d15).not.toBe(d14);
  });

  it('changes each rotation window only while running banners tie', async () => {
    const next = (ms: number) => ms + ROTATION_WINDOW_MS;
    const t = 20 * DAY;
    const single = ctx({ banners: [campaign('a'), campaign('b', { priority: 60 })] });
    expect(await signatureInputsHash(deps, tenant, single, at(next(t)))).toBe(await signatureInputsHash(deps, tenant, single, at(t)));
    const tied = ctx({ banners: [campaign('a'), campaign('b')] });
    expect(await signatureInputsHash(deps, tenant, tied, at(next(t)))).not.toBe(await signatureInputsHash(deps, tenant, tied, at(t)));
  });

  it('changes with a template, an assignment, a campaign added (even a draft), a verified domain or the link key', async () => {
    const base = await signatureInputsHash(deps, tenant, ctx(), at(20 * DAY));
    const changed = await Promise.all([
      signatureInputsHash(deps, tenant, ctx({ templates: new Map([['t1', { name: 'Standard', html: '<p>{{lastName}}</p>{{banner}}' } as never]]) }), at(20 * DAY)),
      signatureInputsHash(deps, tenant, ctx({ assignments: [{ id: 'everyone', templateId: 't2', target: 'everyone', priority: 50 } as never] }), at(20 * DAY)),
      signatureInputsHash(deps, tenant, ctx({ banners: [campaign('spring', { status: 'draft' })] }), at(20 * DAY)),
      signatureInputsHash(deps, { ...tenant, verifiedDomains: ['acme.example', 'acme.org'] }, ctx(), at(20 * DAY)),
      signatureInputsHash({ config: { linkBaseUrl: 'https://l.example', linkKeys: { current: 'k2', keys: {} } } } as never, tenant, ctx(), at(20 * DAY)),
    ]);
    for (const h of changed) expect(h).not.toBe(base);
    expect(new Set(changed).size).toBe(changed.length);
  });
});
