import { AggregateField, type AggregateSpec, type Firestore, type Query } from 'firebase-admin/firestore';
import * as z from 'zod';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { BOT_REASONS, DEVICE_CLASSES, EMPLOYEE_ENTRIES } from '../core/counter-shape.js';
import { utcDay } from './build-hit.js';
import { dayCounts } from './day-counts.js';
import { addCounts, type Counts as CountSums, type EmployeeCounts } from './fold-counts.js';

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

function counts(s: Record<string, unknown>): Counts {
  const n = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : 0);
  const views = n('views');
  const clicks = n('clicks');
  return { views, clicks, ctr: views ? Math.round((clicks / views) * 10_000) / 10_000 : 0, bot: { views: n('botViews'), clicks: n('botClicks') } };
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

/**
 * Totals, days and top employees of one campaign: each day's counts (dayCounts: finished days from
 * their rollups, today from its shards), summed. Every count field is carried; the answer picks the
 * ones it shows.
 */
export async function campaignReport(deps: Deps, tenantId: string, campaignId: string, query: ReportQuery, topN = 10): Promise<CampaignReport> {
  const campaign = await doc(deps.db, 'campaigns', { tenantId, campaignId }).get();
  if (!campaign.exists) throw new AppError('not_found', 'params.campaignId: no such campaign');
  const { from, to, days } = reportRange(query, deps.now());
  const perDay = await dayCounts(deps, tenantId, campaignId, days);
  const totals: CountSums = {};
  for (const day of days) addCounts(totals, perDay.get(day)!);
  const c = counts(totals);
  const group = (name: string, ...path: string[]) => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), totals[name]) as Record<string, number> | undefined;
  const pick = (map: Record<string, number> | undefined, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, map?.[k] ?? 0]).filter(([, n]) => n));
  return {
    campaignId,
    name: String(campaign.get('name')),
    from,
    to,
    ...c,
    raw: { views: c.views + c.bot.views, clicks: c.clicks + c.bot.clicks },
    botReasons: { view: pick(group('botReasons', 'view'), BOT_REASONS), click: pick(group('botReasons', 'click'), BOT_REASONS) },
    devices: pick(group('devices'), DEVICE_CLASSES),
    days: days.map((day) => ({ day, ...counts(perDay.get(day)!) })),
    topEmployees: await topEmployees(deps, tenantId, (totals[EMPLOYEE_ENTRIES.map] ?? {}) as EmployeeCounts, topN),
  };
}

/** The employees with the most clicks (then views) among the range's entries, with their names. */
async function topEmployees(deps: Deps, tenantId: string, employees: EmployeeCounts, topN: number) {
  const ranked = Object.entries(employees)
    .map(([userId, e]) => [userId, { views: e.views ?? 0, clicks: e.clicks ?? 0 }] as const)
    .sort((a, b) => b[1].clicks - a[1].clicks || b[1].views - a[1].views || a[0].localeCompare(b[0]))
    .slice(0, topN);
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
