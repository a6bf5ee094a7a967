import { AggregateField, type AggregateSpec, type Firestore, type Query } from 'firebase-admin/firestore';
import { z } from 'zod';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { BOT_REASONS, DEVICE_CLASSES, EMPLOYEE_ENTRIES } from '../core/counter-shape.js';
import { utcDay } from './build-hit.js';

const dayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day, YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a calendar day');
export const MAX_REPORT_DAYS = 366;

export const reportQuery = z
  .object({ from: dayString.optional(), to: dayString.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['from'], message: 'must not be after to' });
export type ReportQuery = z.output<typeof reportQuery>;

/** The report's range: `to` defaults to today, `from` to 29 days before `to`. */
export function reportRange(query: ReportQuery, today: Date): { from: string; to: string; days: string[] } {
  const to = query.to ?? utcDay(today);
  const from = query.from ?? utcDay(new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000));
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(utcDay(new Date(t)));
    if (days.length > MAX_REPORT_DAYS) throw new AppError('invalid_argument', `query.from: the range is limited to ${MAX_REPORT_DAYS} days`);
  }
  return { from, to, days };
}

export interface Counts {
  views: number;
  clicks: number;
  ctr: number;
  bot: { views: number; clicks: number };
}
/** One banner campaign's totals over the range (a row of GET /api/reports/campaigns). */
export interface CampaignTotals extends Counts {
  campaignId: string;
  name: string;
  status: string;
}
/** GET /api/reports/campaigns (JSON): every banner campaign, most clicked first, and the tenant's totals. */
export interface TenantReport extends Counts {
  from: string;
  to: string;
  campaigns: CampaignTotals[];
}
/** GET /api/reports/campaigns/:campaignId (JSON). */
export interface CampaignReport extends Counts {
  campaignId: string;
  name: string;
  from: string;
  to: string;
  raw: { views: number; clicks: number };
  botReasons: { view: Record<string, number>; click: Record<string, number> };
  devices: Record<string, number>;
  days: ({ day: string } & Counts)[];
  topEmployees: { userId: string; name: string; views: number; clicks: number }[];
}

/** Firestore allows at most five aggregations per query; one of them is the count. */
const SUMS_PER_QUERY = 4;

/**
 * Sums of `fields` over `query`, right on real Firestore. A query with several sums aggregates
 * only the documents that hold every summed field (and its count counts only those), so each
 * query carries a count: when it falls short of `total`, the query's documents (shards written
 * before every shard held every count field, build-hit.ts) are summed again one field per query,
 * which counts every document holding that field. Shards written now hold all fields, so the
 * first queries are the only ones.
 */
async function sums(query: Query, fields: readonly string[], total: number | Promise<number>): Promise<{ sums: Record<string, number>; counted: number }> {
  const out: Record<string, number> = {};
  const groups: string[][] = [];
  for (let i = 0; i < fields.length; i += SUMS_PER_QUERY) groups.push(fields.slice(i, i + SUMS_PER_QUERY));
  const results = await Promise.all(groups.map((group) => aggregate(query, group)));
  const all = await total;
  let counted = Infinity;
  await Promise.all(
    results.map(async ({ n, values }, g) => {
      counted = Math.min(counted, n);
      if (n >= all || groups[g]!.length === 1) return Object.assign(out, values);
      for (const [field, value] of await Promise.all(groups[g]!.map(async (f) => [f, (await aggregate(query, [f])).values[f]!] as const))) out[field] = value;
    }),
  );
  return { sums: out, counted };
}

async function aggregate(query: Query, fields: readonly string[]): Promise<{ n: number; values: Record<string, number> }> {
  const spec: AggregateSpec = { n: AggregateField.count() };
  fields.forEach((f, i) => (spec[`s${i}`] = AggregateField.sum(f)));
  const data = (await query.aggregate(spec).get()).data() as Record<string, number | null>;
  return { n: Number(data.n ?? 0), values: Object.fromEntries(fields.map((f, i) => [f, Number(data[`s${i}`] ?? 0)])) };
}

/** How many documents a query matches (one aggregation query). */
async function countOf(query: Query): Promise<number> {
  return (await query.count().get()).data().count;
}

function counts(s: Record<string, number>): Counts {
  const views = s.views ?? 0;
  const clicks = s.clicks ?? 0;
  return { views, clicks, ctr: views ? Math.round((clicks / views) * 10_000) / 10_000 : 0, bot: { views: s.botViews ?? 0, clicks: s.botClicks ?? 0 } };
}

const MAIN = ['views', 'clicks', 'botViews', 'botClicks'];

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

function countersOf(db: Firestore, tenantId: string, campaignId: string) {
  return col(db, 'counters', { tenantId, campaignId });
}

/** Totals, days and top employees of one campaign: sums over every counter shard of each day. */
export async function campaignReport(deps: Deps, tenantId: string, campaignId: string, query: ReportQuery, topN = 10): Promise<CampaignReport> {
  const campaign = await doc(deps.db, 'campaigns', { tenantId, campaignId }).get();
  if (!campaign.exists) throw new AppError('not_found', 'params.campaignId: no such campaign');
  const { from, to, days } = reportRange(query, deps.now());
  const counters = countersOf(deps.db, tenantId, campaignId);
  const inRange = counters.where('day', '>=', from).where('day', '<=', to);
  const reasonFields = (['view', 'click'] as const).flatMap((a) => BOT_REASONS.map((r) => `botReasons.${a}.${r}`));
  const deviceFields = DEVICE_CLASSES.map((d) => `devices.${d}`);
  // One count over the range, one query per day (its four main sums), one per four breakdown
  // fields (16 bot reasons, 4 devices): 36 aggregation queries for 30 days, however many shards.
  const shards = countOf(inRange);
  const [breakdown, daily, top] = await Promise.all([
    sums(inRange, [...reasonFields, ...deviceFields], shards),
    inBatches(days, 16, async (day) => {
      const perDay = counters.where('day', '==', day);
      // A day's count cannot be compared with the range's: with a shortfall somewhere in the
      // range, each day is checked against its own count (one more query a day, old shards only).
      return { day, ...(await sums(perDay, MAIN, 0)) };
    }),
    topEmployees(deps, tenantId, campaignId, from, to, topN),
  ]);
  const counted = daily.reduce((n, d) => n + d.counted, 0);
  if (counted < (await shards)) {
    await inBatches(daily, 16, async (d) => {
      const perDay = counters.where('day', '==', d.day);
      Object.assign(d, await sums(perDay, MAIN, countOf(perDay)));
    });
  }
  const totals: Record<string, number> = { ...breakdown.sums };
  for (const f of MAIN) totals[f] = daily.reduce((n, d) => n + (d.sums[f] ?? 0), 0);
  const c = counts(totals);
  const pick = (prefix: string, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, totals[`${prefix}${k}`] ?? 0]).filter(([, n]) => n));
  return {
    campaignId,
    name: String(campaign.get('name')),
    from,
    to,
    ...c,
    raw: { views: c.views + c.bot.views, clicks: c.clicks + c.bot.clicks },
    botReasons: { view: pick('botReasons.view.', BOT_REASONS), click: pick('botReasons.click.', BOT_REASONS) },
    devices: pick('devices.', DEVICE_CLASSES),
    days: daily.map((d) => ({ day: d.day, ...counts(d.sums) })),
    topEmployees: top,
  };
}

/**
 * The employees with the most clicks (then views): summed from the `employees` entries of the
 * campaign's counter shards in the range (reading only that map), plus the legacy per-employee
 * shards written before the entries moved there.
 */
async function topEmployees(deps: Deps, tenantId: string, campaignId: string, from: string, to: string, topN: number) {
  const inRange = <Q extends Query>(q: Q) => q.where('day', '>=', from).where('day', '<=', to);
  const [shards, legacy] = await Promise.all([
    inRange(countersOf(deps.db, tenantId, campaignId)).select(EMPLOYEE_ENTRIES.map).get(),
    inRange(col(deps.db, 'employeeCounters', { tenantId, campaignId })).get(),
  ]);
  const byUser = new Map<string, { views: number; clicks: number }>();
  const add = (userId: string, views = 0, clicks = 0) => {
    const t = byUser.get(userId) ?? { views: 0, clicks: 0 };
    t.views += views;
    t.clicks += clicks;
    byUser.set(userId, t);
  };
  for (const d of shards.docs) {
    const employees = (d.get(EMPLOYEE_ENTRIES.map) ?? {}) as Record<string, { views?: number; clicks?: number }>;
    for (const [userId, c] of Object.entries(employees)) add(userId, c.views, c.clicks);
  }
  for (const d of legacy.docs) {
    const { userId, views, clicks } = d.data();
    add(userId, views, clicks);
  }
  const ranked = [...byUser].sort((a, b) => b[1].clicks - a[1].clicks || b[1].views - a[1].views || a[0].localeCompare(b[0])).slice(0, topN);
  if (!ranked.length) return [];
  const users = await deps.db.getAll(...ranked.map(([userId]) => doc(deps.db, 'users', { tenantId, userId })));
  return ranked.map(([userId, t], i) => {
    const u = users[i];
    const name = u?.exists ? [u.get('firstName'), u.get('lastName')].filter(Boolean).join(' ') : '';
    return { userId, name, ...t };
  });
}

/** Every campaign's totals over the range, and the tenant's totals. */
export async function tenantReport(deps: Deps, tenantId: string, query: ReportQuery): Promise<TenantReport> {
  const { from, to } = reportRange(query, deps.now());
  const campaigns = await col(deps.db, 'campaigns', { tenantId }).where('kind', '==', 'banner').get();
  const rows = await inBatches(campaigns.docs, 16, async (c): Promise<CampaignTotals> => {
    const inRange = countersOf(deps.db, tenantId, c.id).where('day', '>=', from).where('day', '<=', to);
    const { sums: s } = await sums(inRange, MAIN, countOf(inRange));
    return { campaignId: c.id, name: String(c.get('name')), status: String(c.get('status')), ...counts(s) };
  });
  rows.sort((a, b) => b.clicks - a.clicks || a.campaignId.localeCompare(b.campaignId));
  const total = counts({
    views: rows.reduce((n, r) => n + r.views, 0),
    clicks: rows.reduce((n, r) => n + r.clicks, 0),
    botViews: rows.reduce((n, r) => n + r.bot.views, 0),
    botClicks: rows.reduce((n, r) => n + r.bot.clicks, 0),
  });
  return { from, to, ...total, campaigns: rows };
}
