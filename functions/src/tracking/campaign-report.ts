import { AggregateField, type AggregateSpec, type Firestore, type Query } from 'firebase-admin/firestore';
import { z } from 'zod';
import { col, doc } from '../catalog.js';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { utcDay } from './build-hit.js';
import { BOT_REASONS, DEVICE_CLASSES } from './classify-hit.js';

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

/** Firestore allows at most five aggregations per query. */
async function sums(query: Query, fields: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (let i = 0; i < fields.length; i += 5) {
    const spec: AggregateSpec = {};
    fields.slice(i, i + 5).forEach((f, j) => (spec[`s${i + j}`] = AggregateField.sum(f)));
    const data = (await query.aggregate(spec).get()).data() as Record<string, number | null>;
    fields.slice(i, i + 5).forEach((f, j) => (out[f] = Number(data[`s${i + j}`] ?? 0)));
  }
  return out;
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
  const [totals, daily, top] = await Promise.all([
    sums(inRange, [...MAIN, ...reasonFields, ...deviceFields]),
    inBatches(days, 16, async (day) => ({ day, ...counts(await sums(counters.where('day', '==', day), MAIN)) })),
    topEmployees(deps, tenantId, campaignId, from, to, topN),
  ]);
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
    days: daily,
    topEmployees: top,
  };
}

async function topEmployees(deps: Deps, tenantId: string, campaignId: string, from: string, to: string, topN: number) {
  const snap = await col(deps.db, 'employeeCounters', { tenantId, campaignId }).where('day', '>=', from).where('day', '<=', to).get();
  const byUser = new Map<string, { views: number; clicks: number }>();
  for (const d of snap.docs) {
    const { userId, views, clicks } = d.data();
    const t = byUser.get(userId) ?? { views: 0, clicks: 0 };
    t.views += views ?? 0;
    t.clicks += clicks ?? 0;
    byUser.set(userId, t);
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
export async function tenantReport(deps: Deps, tenantId: string, query: ReportQuery) {
  const { from, to } = reportRange(query, deps.now());
  const campaigns = await col(deps.db, 'campaigns', { tenantId }).where('kind', '==', 'banner').get();
  const rows = await inBatches(campaigns.docs, 16, async (c) => {
    const s = await sums(countersOf(deps.db, tenantId, c.id).where('day', '>=', from).where('day', '<=', to), MAIN);
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
