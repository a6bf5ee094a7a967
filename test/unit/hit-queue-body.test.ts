import { describe, expect, it } from 'vitest';
import { buildHit } from '../../functions/src/tracking/build-hit.js';
import { chunkUnits, type Hit } from '../../functions/src/tracking/group-committer.js';
import { billedBytes, encodeHits, parseHitsBody } from '../../functions/src/tracking/hit-queue.js';

const at = new Date('2026-11-20T09:30:00.123Z');
const human = { bot: false, device: 'desktop' } as const;

describe('a queued message body', () => {
  it('gives back the hits exactly as build-hit made them, dates included (a recipient click)', () => {
    const hits: Hit[] = [
      buildHit({ tenantId: 'acme', campaignId: 'spring', userId: 'u1', action: 'click', classification: human as never, at, variantKey: 't1abcdef_B', recipient: { hash: 'h', sealed: 's', expireAt: new Date('2027-02-18T09:30:00.123Z') } }),
      buildHit({ tenantId: 'acme', campaignId: 'spring', userId: null, action: 'view', classification: { bot: true, reason: 'user_agent' } as never, at }),
    ];
    const back = parseHitsBody(encodeHits({ id: 'AAAAAAAAAAAAAAAAAAAA', hits })) as { v: number; id: string; hits: Hit[] };
    expect(back).toEqual({ v: 1, id: 'AAAAAAAAAAAAAAAAAAAA', hits });
    expect(back.hits[0]!.creates[0]!.data.at).toBeInstanceOf(Date);
    expect(back.hits[0]!.creates[0]!.data.expireAt).toEqual(new Date('2027-02-18T09:30:00.123Z'));
  });

  it('is billed as Pub/Sub bills a request: its volume, at least 1,000 bytes', () => {
    expect(billedBytes([{ data: 300 }])).toBe(1000);
    expect(billedBytes([{ data: 600 }, { data: 600, messageId: 16 }])).toBe(600 + 20 + 600 + 20 + 16);
  });
});

describe('chunkUnits', () => {
  const hitOn = (doc: string): Hit => ({ counters: [{ template: `c/${doc}_{shard}`, base: {}, inc: { views: 1 } }], creates: [] });
  it("keeps a unit's hits in one chunk and starts a new chunk when a unit would pass the documents limit", () => {
    const units = [[hitOn('a'), hitOn('b')], [hitOn('c'), hitOn('d')], [hitOn('a')]];
    expect(chunkUnits(units, (u) => u, { maxWrites: 3, maxTransforms: 100 })).toEqual([[units[0]], [units[1], units[2]]]);
  });
  it('starts a new chunk when a document would hold more field transforms than allowed', () => {
    const keyed = (key: string): Hit => ({ counters: [{ template: 'c/x_{shard}', base: {}, inc: { views: 1 }, keyed: { map: 'employees', index: 'employeeIds', key, inc: { views: 1 } } }], creates: [] });
    // Each hit: views, the index's union, its key's views: 3 transforms for the first, +1 per new key.
    const chunks = chunkUnits([keyed('a'), keyed('b'), keyed('c')], (h) => [h], { maxWrites: 100, maxTransforms: 4 });
    expect(chunks.map((c) => c.length)).toEqual([2, 1]);
  });
});
