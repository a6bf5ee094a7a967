import type { Firestore } from 'firebase-admin/firestore';
import { col, doc } from '../core/catalog.js';
import { variantCountKey } from '../core/counter-shape.js';
import type { CampaignDoc } from '../core/schemas/campaign.js';
import { collectionPath } from '../core/paths.js';
import { assignVariant } from '../campaigns/variant-assignment.js';
import { buildHit, utcDay } from '../tracking/build-hit.js';
import { GroupCommitter, type Hit } from '../tracking/group-committer.js';
import { ShardPicker } from '../tracking/shard-picker.js';
import { SeededRandom } from './seed-history.js';

/**
 * The demo's running A/B test (`npm start`): Acme's "Spring lookbook" campaign, shown to its
 * Marketing group, tests one banner with two landing pages, started TEST_DAYS days ago, with
 * fictitious history written as the redirect writes it (buildHit, the group committer, the test's
 * own variant count keys), so the campaign page's A/B panel shows real-looking figures. Each
 * variant has its own click rate, each employee always their variant. Deterministic and idempotent
 * like the rest of the demo history (seed-history.ts): a day that has counters is left alone;
 * today is left to real hits. The days before the test get the ordinary history afterwards.
 */
export const AB_CAMPAIGN_ID = 'spring-lookbook';
const TEST_DAYS = 21;
const DAY_MS = 86_400_000;
const TENANT = 'acme';
/** People's click rate per variant: the lookbook page draws more clicks. */
const CTR: Record<string, number> = { collection: 0.018, lookbook: 0.034 };

function campaignDoc(banner: { imageUrl: string; alt: string }, startedAt: Date, now: Date): CampaignDoc {
  const page = (p: string) => ({ ...banner, destinationUrl: `https://www.acme.example/${p}`, width: 600, height: 150 });
  const variants = [
    { id: 'collection', name: 'Collection page', weight: 1, banner: page('spring') },
    { id: 'lookbook', name: 'Lookbook page', weight: 1, banner: page('spring/lookbook') },
  ];
  return {
    kind: 'banner',
    name: 'Spring lookbook',
    status: 'active',
    startAt: new Date(startedAt.getTime() - 14 * DAY_MS),
    endAt: null,
    targetGroups: ['Marketing'],
    priority: 60,
    banner: variants[0]!.banner,
    abTest: { variants, testId: 'demo0ab1', startedAt, endedAt: null, winnerId: null },
    createdAt: new Date(startedAt.getTime() - 14 * DAY_MS),
    updatedAt: startedAt,
  };
}

/** Creates the demo test's campaign if absent and writes its days; returns how many days it wrote. */
export async function seedDemoAbTest(db: Firestore, now: Date = new Date()): Promise<{ seededDays: number }> {
  const today = Date.parse(`${utcDay(now)}T00:00:00Z`);
  const ref = doc(db, 'campaigns', { tenantId: TENANT, campaignId: AB_CAMPAIGN_ID });
  const spring = (await doc(db, 'campaigns', { tenantId: TENANT, campaignId: 'spring-launch' }).get()).data();
  if (!spring?.banner) return { seededDays: 0 };
  let campaign = (await ref.get()).data();
  if (!campaign) {
    campaign = campaignDoc(spring.banner, new Date(today - TEST_DAYS * DAY_MS + 9 * 3_600_000), now);
    await ref.set(campaign);
  }
  const test = campaign.abTest;
  if (!test || test.endedAt) return { seededDays: 0 };
  const members = (await col(db, 'users', { tenantId: TENANT }).where('groups', 'array-contains', 'Marketing').select().get()).docs.map((d) => d.id);
  if (!members.length) return { seededDays: 0 };
  const counters = db.collection(collectionPath('counters', { tenantId: TENANT, campaignId: AB_CAMPAIGN_ID }));
  const committer = new GroupCommitter(db, { shards: new ShardPicker(512, 0, 0), maxWaitMs: 60_000, maxPendingHits: 1_000_000 });
  let seededDays = 0;
  for (let back = TEST_DAYS - 1; back >= 1; back--) {
    const date = new Date(today - back * DAY_MS);
    const day = utcDay(date);
    if (!(await counters.where('day', '==', day).limit(1).get()).empty) continue;
    const rng = new SeededRandom(`herald-demo-ab:${day}`);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const hits: Hit[] = [];
    const at = () => new Date(date.getTime() + 8 * 3_600_000 + Math.floor(rng.next() * 10 * 3_600_000));
    for (const userId of members) {
      const variant = assignVariant(test.variants, AB_CAMPAIGN_ID, userId);
      const variantKey = variantCountKey(test.testId, variant.id);
      const views = Math.round((weekend ? 6 : 24) * (0.6 + 0.8 * rng.next()));
      for (let i = 0; i < views; i++) {
        hits.push(buildHit({ tenantId: TENANT, campaignId: AB_CAMPAIGN_ID, userId, action: 'view', classification: { bot: false, device: rng.next() < 0.5 ? 'email_proxy' : 'desktop' }, at: at(), variantKey }));
        if (rng.next() < CTR[variant.id]!) hits.push(buildHit({ tenantId: TENANT, campaignId: AB_CAMPAIGN_ID, userId, action: 'click', classification: { bot: false, device: 'desktop' }, at: at(), variantKey }));
      }
      // Link scanners follow some links too: counted apart, never in the comparison.
      if (rng.next() < 0.4) hits.push(buildHit({ tenantId: TENANT, campaignId: AB_CAMPAIGN_ID, userId, action: 'click', classification: { bot: true, reason: 'scanner_referrer' }, at: at() }));
    }
    const outcomes = await Promise.all(hits.map((hit) => committer.record(hit)));
    if (outcomes.some((o) => o !== 'committed')) throw new Error(`demo A/B test: hits of ${day} were not committed`);
    seededDays++;
  }
  await committer.idle();
  return { seededDays };
}
