import { describe, expect, it } from 'vitest';
import { COUNTER_FIELDS, variantCountKey } from '../../functions/src/core/counter-shape.js';
import { buildHit, utcDay } from '../../functions/src/tracking/build-hit.js';

const at = new Date('2026-11-23T23:59:59.999Z');

describe('buildHit', () => {
  it("counts a human click for the campaign day (by device), with the employee's count in the same document", () => {
    const hit = buildHit({ tenantId: 't', campaignId: 'c', userId: 'u', action: 'click', classification: { bot: false, device: 'mobile' }, at });
    expect(hit).toEqual({
      counters: [
        {
          template: 'tenants/t/campaigns/c/counters/2026-11-23_{shard}',
          base: { campaignId: 'c', day: '2026-11-23' },
          inc: { clicks: 1, 'devices.mobile': 1 },
          fields: COUNTER_FIELDS,
          keyed: { map: 'employees', index: 'employeeIds', key: 'u', inc: { clicks: 1 } },
        },
      ],
      creates: [],
    });
  });

  it('counts a bot view apart, with its reason, and nothing per employee when the employee is unknown', () => {
    const hit = buildHit({ tenantId: 't', campaignId: 'c', userId: null, action: 'view', classification: { bot: true, reason: 'scanner_referrer' }, at });
    expect(hit.counters).toEqual([{ template: 'tenants/t/campaigns/c/counters/2026-11-23_{shard}', base: { campaignId: 'c', day: '2026-11-23' }, inc: { botViews: 1, 'botReasons.view.scanner_referrer': 1 }, fields: COUNTER_FIELDS }]);
  });

  it("counts a person's hit under its A/B variant as a plain nested map, and never a bot's", () => {
    const human = buildHit({ tenantId: 't', campaignId: 'c', userId: 'u', action: 'click', classification: { bot: false, device: 'desktop' }, at, variantKey: variantCountKey('k3x9ab12', 'blue') });
    expect(human.counters[0]!.inc).toEqual({ clicks: 1, 'devices.desktop': 1, 'variants.k3x9ab12_blue.clicks': 1 });
    const view = buildHit({ tenantId: 't', campaignId: 'c', userId: 'u', action: 'view', classification: { bot: false, device: 'email_proxy' }, at, variantKey: 'blue' });
    expect(view.counters[0]!.inc).toEqual({ views: 1, 'devices.email_proxy': 1, 'variants.blue.views': 1 });
    const bot = buildHit({ tenantId: 't', campaignId: 'c', userId: 'u', action: 'click', classification: { bot: true, reason: 'burst' }, at, variantKey: 'blue' });
    expect(Object.keys(bot.counters[0]!.inc).filter((k) => k.startsWith('variants.'))).toEqual([]);
  });

  it('adds a recipient click only when one is given', () => {
    const recipient = { hash: 'a'.repeat(64), sealed: 'c2VhbGVk', expireAt: new Date('2027-01-01T00:00:00Z') };
    const hit = buildHit({ tenantId: 't', campaignId: 'c', userId: 'u', action: 'click', classification: { bot: false, device: 'desktop' }, at, recipient });
    expect(hit.creates).toHaveLength(1);
    expect(hit.creates[0]!.path).toMatch(/^tenants\/t\/recipientClicks\/[A-Za-z0-9]{20}$/);
    expect(hit.creates[0]!.data).toEqual({ campaignId: 'c', userId: 'u', recipientHash: recipient.hash, recipientSealed: 'c2VhbGVk', bot: false, at, expireAt: recipient.expireAt });
  });
});

describe('counter fields', () => {
  it('names every count field of the counter schemas, so every shard holds all of them', async () => {
    const { counterSchema, employeeCountsSchema } = await import('../../functions/src/core/schemas/tracking.js');
    const { BOT_REASONS, DEVICE_CLASSES } = await import('../../functions/src/core/counter-shape.js');
    const counts = ['views', 'clicks', 'botViews', 'botClicks'];
    expect(Object.keys(counterSchema.shape)).toEqual(expect.arrayContaining([...counts, 'botReasons', 'devices']));
    expect([...COUNTER_FIELDS].sort()).toEqual([...counts, ...BOT_REASONS.flatMap((r) => [`botReasons.view.${r}`, `botReasons.click.${r}`]), ...DEVICE_CLASSES.map((d) => `devices.${d}`)].sort());
    // An employee's entry counts the same four fields as the campaign's main counts.
    expect(Object.keys(employeeCountsSchema.shape).sort()).toEqual([...counts].sort());
  });
});

describe('utcDay', () => {
  it('names the UTC day of any instant, also when asked for days out of order', () => {
    const instants = ['2026-11-23T23:59:59.999Z', '2026-11-24T00:00:00.000Z', '2026-11-23T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '2026-11-24T12:00:00.000Z', '2026-11-22T23:59:59.999Z'];
    for (const iso of instants) expect(utcDay(new Date(iso))).toBe(iso.slice(0, 10));
  });
});
