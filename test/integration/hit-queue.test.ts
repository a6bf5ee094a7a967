import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinksApp, createLinksRuntime, type LinksRuntime } from '../../functions/src/links/links-app.js';
import { startPubsubEmulator, type PubsubEmulator } from '../../functions/src/local/pubsub-emulator.js';
import { mintBannerLinks } from '../../functions/src/tracking/mint-links.js';
import { drainHits, type DrainResult } from '../../functions/src/tracking/drain-hits.js';
import { HitQueue, hitQueueFor } from '../../functions/src/tracking/hit-queue.js';
import { rollUpDay } from '../../functions/src/tracking/roll-up-day.js';
import { BurstTracker } from '../../functions/src/tracking/classify-hit.js';
import { buildHit } from '../../functions/src/tracking/build-hit.js';
import type { QueuedHits } from '../../functions/src/tracking/group-committer.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

/**
 * The hit queue on the official Pub/Sub emulator (its jar, started here on a free port) and the
 * official Firestore emulator: hits published by the links app, folded by the drain.
 */
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const CURL = 'curl/8.5.0';
const JANE = 'u649905b987a36b6';
const DAY = '2026-11-20';
let clock = new Date(`${DAY}T12:00:00Z`);
const now = () => clock;

let pubsub: PubsubEmulator;
let queued: TestEnv;
let direct: TestEnv;
let queue: HitQueue;
beforeAll(async () => {
  pubsub = await startPubsubEmulator({ quiet: true });
  queued = await createTestEnv({ env: { PUBSUB_EMULATOR_HOST: pubsub.host }, now });
  direct = await createTestEnv({ env: { PUBSUB_EMULATOR_HOST: '' }, now });
  queue = hitQueueFor(queued.deps.config)!;
}, 120_000);
afterAll(async () => {
  await pubsub?.stop();
});

/** The runtime as production builds it, but every hit counted (no burst rule across a test's rapid hits). */
const runtime = (env: TestEnv, over: Partial<Parameters<typeof createLinksRuntime>[1]> = {}): LinksRuntime => ({ ...createLinksRuntime(env.deps, { cacheTtlMs: 0, ...over }), burst: new BurstTracker(0) });

/**
 * Drains until `messages` messages were received (or 15 s): a pull may come back empty while the
 * emulator still readies a message just published or given back, and a drain stops at an empty pull.
 */
async function drainAll(queue: HitQueue, messages: number): Promise<DrainResult> {
  const total: DrainResult = { rounds: 0, messages: 0, hits: 0, commits: 0, duplicates: 0, malformed: 0, lateDays: 0, erasedDropped: 0, erasedAnonymised: 0 };
  const deadline = Date.now() + 15_000;
  while (total.messages < messages && Date.now() < deadline) {
    const r = await drainHits(queued.deps, queue, { pullWaitMs: 1000 });
    for (const k of Object.keys(total) as (keyof DrainResult)[]) total[k] += r[k];
  }
  return total;
}

/** Every number of every counter shard of the campaign, summed by dotted path (the shard number left out). */
async function shardSums(env: TestEnv, campaignId = 'spring-launch') {
  const snap = await env.deps.db.collection(`tenants/acme/campaigns/${campaignId}/counters`).get();
  const out: Record<string, number> = {};
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'number') out[path] = (out[path] ?? 0) + v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  const ids = new Set<string>();
  for (const d of snap.docs) {
    const { shard: _s, employeeIds, ...rest } = d.data();
    for (const id of employeeIds as string[]) ids.add(id);
    walk(rest, '');
  }
  return { sums: out, employeeIds: [...ids].sort(), docs: snap.size };
}

/** The same visits, in the same order, against a links app: views and clicks by people and by bots, on two employees' links. */
async function play(env: TestEnv, rt: LinksRuntime) {
  const http = supertest(createLinksApp(env.deps, rt));
  const users = (await env.deps.db.collection('tenants/acme/users').orderBy('__name__').limit(2).get()).docs.map((d) => d.id);
  const visits: [string, string, 'get' | 'head'][] = [];
  for (const userId of users) {
    const links = await mintBannerLinks(env.deps, { tenantId: 'acme', campaignId: 'spring-launch', userId });
    const [view, click] = [new URL(links.viewUrl).pathname, new URL(links.clickUrl).pathname];
    visits.push([view, CHROME, 'get'], [view, IPHONE, 'get'], [click, CHROME, 'get'], [click, CURL, 'get'], [view, CHROME, 'head'], [click, IPHONE, 'get']);
  }
  // Together, as a busy instance receives them: several share one batch, hence one message.
  const statuses = await Promise.all(visits.map(([p, ua, method]) => http[method](p).set('User-Agent', ua).then((r) => r.status)));
  expect(statuses.every((s) => s === 302)).toBe(true);
  await rt.committer.idle();
  return visits.length;
}

describe('the hit queue', () => {
  it('takes hits from the links app to the counter shards in one drain, with the same counts as the direct commit', async () => {
    // Waits up to 5 s for each publish (a loaded test machine), so no batch falls back here.
    const rtQueued = runtime(queued, { publishWaitMs: 5000 });
    const rtDirect = runtime(direct);
    expect(rtDirect.committer.stats.queued).toBe(0);
    const n = await play(queued, rtQueued);
    await play(direct, rtDirect);
    expect(rtQueued.committer.stats.queued).toBe(n);
    expect(rtQueued.committer.stats.fellBack).toBe(0);
    expect(rtDirect.committer.stats.committed).toBe(n);
    // Queued, not yet counted.
    expect((await shardSums(queued)).docs).toBe(0);

    const drained = await drainAll(queue, 1);
    expect(drained).toMatchObject({ hits: n, duplicates: 0, malformed: 0 });
    // Every message of the wave folded into one commit (one write per counter shard, one ledger entry).
    expect(drained.commits).toBe(drained.rounds);
    const [viaQueue, viaDirect] = await Promise.all([shardSums(queued), shardSums(direct)]);
    expect(viaQueue.sums).toEqual(viaDirect.sums);
    expect(viaQueue.employeeIds).toEqual(viaDirect.employeeIds);
    // Bots, devices and employees' entries all came through (not just the totals).
    expect(viaQueue.sums.views).toBeGreaterThan(0);
    expect(viaQueue.sums.botClicks).toBeGreaterThan(0);
    expect(Object.keys(viaQueue.sums).some((k) => k.startsWith('devices.'))).toBe(true);
    expect(Object.keys(viaQueue.sums).some((k) => k.startsWith('employees.'))).toBe(true);
    // The drain's commit named its messages in the ledger; the subscription is empty afterwards.
    const ledger = await queued.deps.db.collection('hitLedger').where('by', '==', 'drain').get();
    expect(ledger.docs.reduce((s, d) => s + (d.get('hits') as number), 0)).toBe(n);
    expect(await drainHits(queued.deps, queue, { pullWaitMs: 500 })).toMatchObject({ messages: 0 });
  });

  it('counts a message delivered twice once (the first drain committed, its acknowledgement was lost)', async () => {
    const rt = runtime(queued, { publishWaitMs: 5000 });
    const before = (await shardSums(queued)).sums;
    const n = await play(queued, rt);
    // A drain whose acknowledgements never reach Pub/Sub; the messages are given back at once
    // (ack deadline 0) instead of after the deadline, so the second drain receives them again.
    const lost: string[] = [];
    const forgetful = Object.assign(Object.create(queue) as HitQueue, { ack: async (ids: string[]) => void lost.push(...ids) });
    expect(rt.committer.stats.queued).toBe(n);
    const first = await drainAll(forgetful, 1);
    expect(first).toMatchObject({ hits: n, duplicates: 0 });
    await queue.nack(lost);
    const again = await drainAll(queue, first.messages);
    expect(again.messages).toBe(first.messages);
    expect(again).toMatchObject({ duplicates: again.messages, hits: 0, commits: 0 });
    const after = (await shardSums(queued)).sums;
    expect(after.views! + after.botViews! - (before.views! + before.botViews!)).toBe(n / 2);
    expect(after.clicks! + after.botClicks! - (before.clicks! + before.botClicks!)).toBe(n / 2);
  });

  it('commits directly when Pub/Sub is down, and loses no hit', async () => {
    const before = (await shardSums(queued)).sums;
    // Nothing listens on port 9 (discard): every publish is refused.
    const down = new HitQueue({ projectId: 'demo-herald', region: 'europe-west1', apiEndpoint: 'http://127.0.0.1:9/' });
    const rt = runtime(queued, { sink: down });
    const n = await play(queued, rt);
    expect(rt.committer.stats).toMatchObject({ fellBack: n, committed: n, queued: 0, failed: 0 });
    expect(queued.log.entries.some((e) => e.message === 'hit queue publish failed: committed directly')).toBe(true);
    const after = (await shardSums(queued)).sums;
    expect(after.views! + after.botViews! + after.clicks! + after.botClicks! - (before.views! + before.botViews! + before.clicks! + before.botClicks!)).toBe(n);
    // The fallback's ledger entry: the drain would skip those messages had the publish landed.
    expect((await queued.deps.db.collection('hitLedger').where('by', '==', 'fallback').get()).size).toBeGreaterThan(0);
  });

  it('counts once a batch whose publish answered too late: committed directly, then skipped by the drain', async () => {
    const before = (await shardSums(queued)).sums;
    // The publish lands in Pub/Sub, but its answer comes after the links app stopped waiting.
    const slow = Object.assign(Object.create(queue) as HitQueue, {
      publish: async (messages: QueuedHits[]) => {
        await queue.publish(messages);
        await new Promise((r) => setTimeout(r, 600));
      },
    });
    const rt = runtime(queued, { sink: slow });
    const n = await play(queued, rt);
    expect(rt.committer.stats).toMatchObject({ fellBack: n, committed: n });
    const drained = await drainAll(queue, 1);
    expect(drained.messages).toBeGreaterThan(0);
    expect(drained).toMatchObject({ duplicates: drained.messages, hits: 0 });
    const after = (await shardSums(queued)).sums;
    expect(after.views! + after.botViews! + after.clicks! + after.botClicks! - (before.views! + before.botViews! + before.clicks! + before.botClicks!)).toBe(n);
  });

  it('drops a message that is not a batch of hits without writing, and names it by its Pub/Sub id only', async () => {
    const forged = { id: 'AAAAAAAAAAAAAAAAAAAA', hits: [{ counters: [{ template: 'tenants/acme/users/x', base: {}, inc: { views: 1 } }], creates: [] }] } as unknown as QueuedHits;
    await queue.publish([forged]);
    const drained = await drainAll(queue, 1);
    expect(drained).toMatchObject({ malformed: 1, hits: 0 });
    expect((await queued.deps.db.doc('tenants/acme/users/x').get()).exists).toBe(false);
    const warning = queued.log.entries.find((e) => e.message === 'hit queue message dropped: not a batch of hits');
    expect(JSON.stringify(warning)).not.toContain('tenants/acme');
  });

  it('never brings back what a purge erased while hits waited: the employee leaves the count, a campaign or tenant gone takes its hits', async () => {
    const db = queued.deps.db;
    const day = clock.toISOString().slice(0, 10);
    const hit = (tenantId: string, campaignId: string, userId: string | null) =>
      buildHit({ tenantId, campaignId, userId, action: 'view', classification: { bot: false, device: 'desktop' }, at: clock });
    // A fictitious employee and campaign, each erased after its hits were queued (as a purge deletes them), the tenant marked as a purge marks it.
    await db.doc('tenants/acme/users/u-screened-leaver').set({ email: 'leaver@acme.example', firstName: 'Lea', lastName: 'Ver' });
    await queue.publish([{ id: 'ScreenScreenScreen01', hits: [hit('acme', 'spring-launch', 'u-screened-leaver'), hit('acme', 'spring-launch', JANE), hit('acme', 'erased-campaign', JANE)] }]);
    await db.doc('tenants/acme/users/u-screened-leaver').delete();
    await db.doc('tenants/acme').update({ hitsScreenUntil: new Date(Date.now() + 60_000) });
    // A tenant being deleted: nothing of it is written again.
    await db.doc('tenants/gone-corp').set({ status: 'deleting' });
    await queue.publish([{ id: 'ScreenScreenScreen02', hits: [hit('gone-corp', 'c1', 'u1')] }]);

    const drained = await drainAll(queue, 2);
    expect(drained).toMatchObject({ hits: 2, erasedDropped: 2, erasedAnonymised: 1 });
    const shards = (await db.collection('tenants/acme/campaigns/spring-launch/counters').where('day', '==', day).get()).docs;
    expect(shards.some((d) => (d.get('employeeIds') as string[]).includes('u-screened-leaver'))).toBe(false);
    expect(shards.some((d) => (d.get('employeeIds') as string[]).includes(JANE))).toBe(true);
    expect((await db.collection('tenants/acme/campaigns/erased-campaign/counters').get()).size).toBe(0);
    expect((await db.collection('tenants/gone-corp/campaigns/c1/counters').get()).size).toBe(0);

    // A recipient's purge: a queued click of a recipient is counted, its click record is not stored.
    await db.doc('tenants/acme').update({ hitsScreenUntil: new Date(0), recipientClicksScreenUntil: new Date(Date.now() + 60_000) });
    const click = buildHit({ tenantId: 'acme', campaignId: 'spring-launch', userId: JANE, action: 'click', classification: { bot: false, device: 'desktop' }, at: clock, recipient: { hash: 'erased-recipient-hash', sealed: 'sealed', expireAt: new Date(Date.now() + 86_400_000) } });
    expect(click.creates).toHaveLength(1);
    const clicksBefore = (await shardSums(queued)).sums.clicks ?? 0;
    await queue.publish([{ id: 'ScreenScreenScreen03', hits: [click] }]);
    expect(await drainAll(queue, 1)).toMatchObject({ hits: 1 });
    expect((await shardSums(queued)).sums.clicks).toBe(clicksBefore + 1);
    expect((await db.collection('tenants/acme/recipientClicks').where('recipientHash', '==', 'erased-recipient-hash').get()).size).toBe(0);
    await db.doc('tenants/acme').update({ recipientClicksScreenUntil: new Date(0) });
  });

  it('leaves a finished day whose rollup equals the sum of its shards', async () => {
    const { sums } = await shardSums(queued);
    clock = new Date(`2026-11-22T12:00:00Z`);
    const rolled = await rollUpDay(queued.deps, { tenantId: 'acme', campaignId: 'spring-launch', day: DAY, writeEmpty: false });
    expect(rolled.created).toBe(true);
    const pages = (await queued.deps.db.collection('tenants/acme/campaigns/spring-launch/counterRollups').where('day', '==', DAY).get()).docs.map((d) => d.data());
    for (const field of ['views', 'clicks', 'botViews', 'botClicks']) expect(pages.reduce((s, p) => s + ((p[field] as number) ?? 0), 0)).toBe(sums[field]);

    // A drain late beyond the margin brings a view of that rolled day: the rollup is folded again, with it.
    const late = buildHit({ tenantId: 'acme', campaignId: 'spring-launch', userId: JANE, action: 'view', classification: { bot: false, device: 'desktop' }, at: new Date(`${DAY}T23:59:59Z`) });
    await queue.publish([{ id: 'LateLateLateLateLate', hits: [late] }]);
    expect(await drainAll(queue, 1)).toMatchObject({ hits: 1, lateDays: 1 });
    expect((await rollUpDay(queued.deps, { tenantId: 'acme', campaignId: 'spring-launch', day: DAY, writeEmpty: false })).created).toBe(true);
    const again = (await queued.deps.db.collection('tenants/acme/campaigns/spring-launch/counterRollups').where('day', '==', DAY).get()).docs.map((d) => d.data());
    expect(again.reduce((s, p) => s + ((p.views as number) ?? 0), 0)).toBe(sums.views! + 1);
  });
});
