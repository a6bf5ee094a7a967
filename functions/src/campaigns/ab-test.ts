import { doc } from '../core/catalog.js';
import { VARIANT_ENTRIES, variantCountKey } from '../core/counter-shape.js';
import type { CampaignDoc } from '../core/schemas/campaign.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { toIso } from '../core/timestamps.js';
import { mergeScopes, scopeOfCampaign } from '../signatures/deploy-scope.js';
import { redeploySignatures } from '../signatures/redeploy.js';
import { utcDay } from '../tracking/build-hit.js';
import { dayCounts } from '../tracking/day-counts.js';
import { addCounts, type Counts } from '../tracking/fold-counts.js';
import type { Interval, Verdict } from './ab-stats.js';
import { asDate, storedCampaign, type StoredCampaign } from './campaign-store.js';

/** One variant's row of the A/B report: people's hits only, CTR with its 95 % Wilson interval. */
export interface VariantResult {
  id: string;
  name: string;
  weight: number;
  imageUrl: string;
  destinationUrl: string;
  views: number;
  clicks: number;
  /** clicks ÷ views, 0 without views. */
  ctr: number;
  /** 95 % Wilson score interval of the CTR; null without views or with more clicks than views. */
  interval: Interval | null;
}

/** GET /api/campaigns/:campaignId/ab-test. */
export interface AbTestReport {
  campaignId: string;
  name: string;
  /** running: variants are being shown; ended: `winnerId` is the campaign's banner. */
  state: 'running' | 'ended';
  endedAt: string | null;
  winnerId: string | null;
  variants: VariantResult[];
  verdict: Verdict;
}

/** POST /api/campaigns/:campaignId/ab-test/end. */
export interface AbTestEnded extends AbTestReport {
  /** The job pushing Gmail signatures with the winner (null: none to push). */
  deployJobId: string | null;
}

/**
 * The UTC days of a test: from its start (a test stored before tests recorded their start: the
 * campaign's creation) to its end, or today. Hits counted after the end (the link function's
 * 30-second campaign cache) fall in the day a minute after it at the latest.
 */
export function testDays(test: NonNullable<CampaignDoc['abTest']>, campaign: CampaignDoc, now: Date): string[] {
  const start = test.startedAt ?? campaign.createdAt;
  const from = utcDay(start ? asDate(start) : now);
  const to = utcDay(test.endedAt ? new Date(Math.min(asDate(test.endedAt).getTime() + 60_000, now.getTime())) : now);
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(utcDay(new Date(t)));
  return days;
}

/**
 * Each variant's people counts over the test's days, read the way the campaign report reads them
 * (tracking/day-counts.ts: finished days from their daily rollups, today from its shards), so a
 * 30-day test is ~30 documents, not every shard. Counts are under the variant's key scoped by the
 * test (core/counter-shape.ts), so an earlier test of the campaign that used the same variant ids
 * never adds to them.
 */
async function variantCounts(deps: Deps, tenantId: string, c: StoredCampaign): Promise<Map<string, { views: number; clicks: number }>> {
  const test = c.doc.abTest!;
  const perDay = await dayCounts(deps, tenantId, c.id, testDays(test, c.doc, deps.now()));
  const totals: Counts = {};
  for (const day of perDay.values()) addCounts(totals, day);
  const byKey = (totals[VARIANT_ENTRIES.map] ?? {}) as Record<string, Record<string, number> | undefined>;
  const out = new Map<string, { views: number; clicks: number }>();
  for (const v of test.variants) {
    const n = byKey[variantCountKey(test.testId, v.id)];
    out.set(v.id, { views: n?.views ?? 0, clicks: n?.clicks ?? 0 });
  }
  return out;
}

/** The statistics (ab-stats.ts, @stdlib's distributions: ~270 modules) load with the first report, not with every api cold start. */
async function reportOf(c: StoredCampaign, counts: Map<string, { views: number; clicks: number }>): Promise<AbTestReport> {
  const { compareVariants, wilsonInterval } = await import('./ab-stats.js');
  const test = c.doc.abTest!;
  const variants = test.variants.map((v): VariantResult => {
    const { views, clicks } = counts.get(v.id) ?? { views: 0, clicks: 0 };
    return {
      id: v.id,
      name: v.name,
      weight: v.weight,
      imageUrl: v.banner.imageUrl,
      destinationUrl: v.banner.destinationUrl,
      views,
      clicks,
      ctr: views ? clicks / views : 0,
      interval: wilsonInterval(clicks, views),
    };
  });
  return {
    campaignId: c.id,
    name: c.doc.name,
    state: test.endedAt ? 'ended' : 'running',
    endedAt: toIso(test.endedAt),
    winnerId: test.winnerId,
    variants,
    verdict: compareVariants(variants),
  };
}

async function testedCampaign(deps: Deps, tenantId: string, campaignId: string): Promise<StoredCampaign> {
  const snap = await doc(deps.db, 'campaigns', { tenantId, campaignId }).get();
  const data = snap.data();
  if (!data) throw new AppError('not_found', 'campaign not found');
  if (!data.abTest) throw new AppError('failed_precondition', 'This campaign has no A/B test.');
  return storedCampaign(snap.id, data);
}

export async function abTestReport(deps: Deps, tenantId: string, campaignId: string): Promise<AbTestReport> {
  const c = await testedCampaign(deps, tenantId, campaignId);
  return reportOf(c, await variantCounts(deps, tenantId, c));
}

/**
 * Ends a running test and keeps `winnerId`: its banner becomes the campaign's, in a transaction
 * (two admins ending at once: the second is refused, nothing half-written). No link changes:
 * links carry no variant, so every link already sent, of any variant, shows and leads to the
 * winner from the next cache refresh of the link function (30 s). Gmail signatures are pushed
 * again so the winner's alt text and size replace the variant's.
 */
export async function endAbTest(deps: Deps, tenantId: string, uid: string, campaignId: string, winnerId: string): Promise<AbTestEnded> {
  const ref = doc(deps.db, 'campaigns', { tenantId, campaignId });
  const { before, after } = await deps.db.runTransaction(async (tx) => {
    const data = (await tx.get(ref)).data();
    if (!data) throw new AppError('not_found', 'campaign not found');
    if (!data.abTest) throw new AppError('failed_precondition', 'This campaign has no A/B test.');
    if (data.abTest.endedAt) throw new AppError('failed_precondition', 'This A/B test has already ended.');
    const winner = data.abTest.variants.find((v) => v.id === winnerId);
    if (!winner) throw new AppError('invalid_argument', `body.winnerId: "${winnerId}" is not one of this test's variants`);
    const now = deps.now();
    const next = { ...data, banner: winner.banner, abTest: { ...data.abTest, endedAt: now, winnerId }, updatedAt: now };
    tx.set(ref, next);
    return { before: storedCampaign(campaignId, data), after: storedCampaign(campaignId, next) };
  });
  const deployJobId = await redeploySignatures(deps, { tenantId, createdBy: uid, scope: mergeScopes([scopeOfCampaign(before), scopeOfCampaign(after)]) });
  const report = await reportOf(after, await variantCounts(deps, tenantId, after));
  return { ...report, deployJobId };
}
