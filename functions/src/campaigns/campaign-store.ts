import { randomBytes } from 'node:crypto';
import type * as z from 'zod';
import { Timestamp } from 'firebase-admin/firestore';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { toIso } from '../core/timestamps.js';
import { isRunning, type ScheduledCampaign } from './active-campaigns.js';
import { campaignProblems, type campaignCreateBody, type campaignPatchBody } from './campaign-input.js';
import type { CampaignDoc, CampaignKind } from '../core/schemas/campaign.js';

/** A stored campaign with its times as Dates, ready for the pure scheduling functions. */
export interface StoredCampaign extends ScheduledCampaign {
  doc: CampaignDoc;
}

export function asDate(value: unknown): Date {
  if (value instanceof Timestamp) return value.toDate();
  if (value instanceof Date) return value;
  throw new Error('expected a stored time');
}

export function storedCampaign(id: string, c: CampaignDoc): StoredCampaign {
  return {
    id,
    kind: c.kind,
    status: c.status,
    startAt: asDate(c.startAt),
    endAt: c.endAt ? asDate(c.endAt) : null,
    targetGroups: c.targetGroups,
    priority: c.priority,
    doc: c,
  };
}

/** A campaign as the API shows it (GET /api/campaigns/:campaignId). */
export interface CampaignView {
  id: string;
  kind: CampaignKind;
  name: string;
  status: CampaignDoc['status'];
  /** Active, started and not ended at the time of the answer. */
  running: boolean;
  startAt: string;
  endAt: string | null;
  /** Group names; empty means everyone. */
  targetGroups: readonly string[];
  priority: number;
  /** Set exactly for a banner campaign. */
  banner: NonNullable<CampaignDoc['banner']> | null;
  /** A banner A/B test: its variants, when it started (null: before tests recorded it), and once ended when and which won (the winner is then `banner`); null without one. */
  abTest: { variants: NonNullable<CampaignDoc['abTest']>['variants']; startedAt: string | null; endedAt: string | null; winnerId: string | null } | null;
  /** The campaign's own UTM values (unset ones take the tenant's defaults). */
  utm: NonNullable<CampaignDoc['utm']> | null;
  /** Set exactly for a notification campaign. */
  notification: NonNullable<CampaignDoc['notification']> | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** GET /api/campaigns: newest start first. */
export interface CampaignList {
  campaigns: CampaignView[];
}

export function campaignView(c: StoredCampaign, now: Date): CampaignView {
  return {
    id: c.id,
    kind: c.kind,
    name: c.doc.name,
    status: c.status,
    running: isRunning(c, now),
    startAt: c.startAt.toISOString(),
    endAt: c.endAt?.toISOString() ?? null,
    targetGroups: c.targetGroups,
    priority: c.priority,
    banner: c.doc.banner ?? null,
    abTest: c.doc.abTest ? { variants: c.doc.abTest.variants, startedAt: toIso(c.doc.abTest.startedAt), endedAt: toIso(c.doc.abTest.endedAt), winnerId: c.doc.abTest.winnerId } : null,
    utm: c.doc.utm ?? null,
    notification: c.doc.notification ?? null,
    createdAt: toIso(c.doc.createdAt),
    updatedAt: toIso(c.doc.updatedAt),
  };
}

export async function loadCampaigns(deps: Deps, tenantId: string, kind?: CampaignKind): Promise<StoredCampaign[]> {
  const ref = col(deps.db, 'campaigns', { tenantId });
  const snap = await (kind ? ref.where('kind', '==', kind) : ref).get();
  return snap.docs.map((d) => storedCampaign(d.id, d.data()));
}

export async function getCampaign(deps: Deps, tenantId: string, campaignId: string): Promise<StoredCampaign> {
  const snap = await doc(deps.db, 'campaigns', { tenantId, campaignId }).get();
  const data = snap.data();
  if (!data) throw new AppError('not_found', 'campaign not found');
  return storedCampaign(snap.id, data);
}

/**
 * A test starting now: a fresh id scoping its counts (counter-shape.ts variantCountKey), so a test
 * started after another was cleared never adds to the old one's counts, whatever its variant ids.
 */
function newTest(variants: NonNullable<CampaignDoc['abTest']>['variants'], now: Date): NonNullable<CampaignDoc['abTest']> {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const testId = [...randomBytes(8)].map((b) => alphabet[b % 36]).join('');
  return { variants, testId, startedAt: now, endedAt: null, winnerId: null };
}

function assertValid(c: Parameters<typeof campaignProblems>[0]): void {
  const problems = campaignProblems(c);
  if (problems.length) throw new AppError('invalid_argument', problems.join('; '));
}

export async function createCampaign(deps: Deps, tenantId: string, body: z.output<typeof campaignCreateBody>): Promise<StoredCampaign> {
  const { abTest, ...rest } = body;
  const now = deps.now();
  // A test's first variant is the campaign's banner: what a link shows when its employee is unknown.
  const withTest = abTest ? { ...rest, banner: abTest.variants[0]!.banner, abTest: newTest(abTest.variants, now) } : rest;
  assertValid(withTest);
  const ref = col(deps.db, 'campaigns', { tenantId }).doc();
  const data: CampaignDoc = { ...withTest, createdAt: now, updatedAt: now };
  await ref.set(data);
  return storedCampaign(ref.id, data);
}

/** Applies a patch in a transaction; returns the campaign before and after (to redeploy the users either affects). */
export async function updateCampaign(
  deps: Deps,
  tenantId: string,
  campaignId: string,
  patch: z.output<typeof campaignPatchBody>,
): Promise<{ before: StoredCampaign; after: StoredCampaign }> {
  const ref = doc(deps.db, 'campaigns', { tenantId, campaignId });
  return deps.db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    const current = snap.data();
    if (!current) throw new AppError('not_found', 'campaign not found');
    const before = storedCampaign(campaignId, current);
    const { abTest, utm, ...rest } = patch;
    const merged: CampaignDoc = {
      ...current,
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      updatedAt: deps.now(),
    };
    if (utm === null) delete merged.utm;
    else if (utm) merged.utm = utm;
    if (abTest !== undefined && current.abTest?.endedAt) {
      throw new AppError('failed_precondition', 'body.abTest: this test has ended and its winner is kept; start a new test in a new campaign');
    }
    if (abTest === null) delete merged.abTest;
    // Changing a running test's variants (weights, say) keeps its id and counts; a test where none
    // runs (never set, or cleared) is a new one.
    else if (abTest) merged.abTest = current.abTest ? { ...current.abTest, variants: abTest.variants } : newTest(abTest.variants, merged.updatedAt as Date);
    if (merged.abTest && !merged.abTest.endedAt) {
      if (patch.banner && !abTest) throw new AppError('invalid_argument', 'body.banner: while an A/B test runs, change its variants instead');
      merged.banner = merged.abTest.variants[0]!.banner;
    }
    const after = storedCampaign(campaignId, merged);
    assertValid({ ...merged, startAt: after.startAt, endAt: after.endAt });
    tx.set(ref, merged);
    return { before, after };
  });
}

export async function deleteCampaign(deps: Deps, tenantId: string, campaignId: string): Promise<StoredCampaign> {
  const ref = doc(deps.db, 'campaigns', { tenantId, campaignId });
  const snap = await ref.get();
  const data = snap.data();
  if (!data) throw new AppError('not_found', 'campaign not found');
  await ref.delete();
  return storedCampaign(campaignId, data);
}
