import { EMPLOYEE_ENTRIES } from '../core/counter-shape.js';
import type { CountTree } from '../core/schemas/tracking.js';

/** Sums of count fields: numbers, or maps of sums (`botReasons.click.head`, `employees.{userId}.views`). */
export type Counts = { [key: string]: CountTree };
export type EmployeeCounts = Record<string, Record<string, number>>;

/**
 * Fields of a shard or rollup that identify it or describe the fold, never summed: the shard's
 * number, the rollup's page data and the index of employee ids (derived from the entries).
 */
const NOT_COUNTS: ReadonlySet<string> = new Set(['shard', 'rollup', EMPLOYEE_ENTRIES.index]);
const NOTHING: ReadonlySet<string> = new Set();

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/**
 * Adds every number of `source`, at any depth of nested maps, into `target`. Generic on purpose:
 * a count field or map of counts that a counter write adds later (per-variant counts, say) is
 * carried into rollups and reports without a change here. Strings (ids, the day), timestamps and
 * arrays are not counts and are left out.
 */
export function addCounts(target: Counts, source: Record<string, unknown>, skip: ReadonlySet<string> = NOT_COUNTS): Counts {
  for (const [key, value] of Object.entries(source)) {
    if (skip.has(key)) continue;
    const have = target[key];
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || (have !== undefined && typeof have !== 'number')) continue;
      target[key] = (have ?? 0) + value;
    } else if (isMap(value)) {
      if (have !== undefined && typeof have === 'number') continue;
      addCounts((have ?? (target[key] = {})) as Counts, value, NOTHING);
    }
  }
  return target;
}

/** The legacy per-employee shard's counts (`…/employeeCounters/{userId}_{day}_{shard}`). */
const LEGACY_FIELDS = ['views', 'clicks', 'botViews', 'botClicks'] as const;

/** Adds a legacy per-employee shard to the employees' entries of `target`. */
export function addLegacyEmployee(target: Counts, legacy: Record<string, unknown>): void {
  const userId = legacy.userId;
  if (typeof userId !== 'string' || !userId) return;
  const entry: Record<string, number> = {};
  for (const f of LEGACY_FIELDS) if (typeof legacy[f] === 'number') entry[f] = legacy[f] as number;
  addCounts(target, { [EMPLOYEE_ENTRIES.map]: { [userId]: entry } });
}

/** A day's shards folded: the sums of every count field, the employees' entries, how many shards. */
export interface DayFold {
  sums: Counts;
  employees: EmployeeCounts;
  shards: number;
}

export function foldDay(shards: readonly Record<string, unknown>[], legacy: readonly Record<string, unknown>[] = []): DayFold {
  const all: Counts = {};
  for (const s of shards) addCounts(all, s);
  for (const l of legacy) addLegacyEmployee(all, l);
  const { [EMPLOYEE_ENTRIES.map]: employees = {}, ...sums } = all;
  return { sums, employees: employees as EmployeeCounts, shards: shards.length + legacy.length };
}

/** One rollup document's data, without its write time (schemas/tracking.ts counterRollupSchema). */
export interface RollupPageData {
  campaignId: string;
  day: string;
  rollup: { page: number; pages: number; shards: number };
  employees: EmployeeCounts;
  employeeIds: string[];
  [count: string]: unknown;
}

/**
 * A folded day as rollup pages: page 0 carries the sums, and every page a slice of at most
 * `perPage` employees (by id, so a re-fold of the same shards gives the same pages).
 */
export function rollupPages(campaignId: string, day: string, fold: DayFold, perPage: number): RollupPageData[] {
  const ids = Object.keys(fold.employees).sort();
  const pages = Math.max(1, Math.ceil(ids.length / perPage));
  return Array.from({ length: pages }, (_, page) => {
    const slice = ids.slice(page * perPage, (page + 1) * perPage);
    return {
      ...(page === 0 ? fold.sums : {}),
      campaignId,
      day,
      rollup: { page, pages, shards: fold.shards },
      [EMPLOYEE_ENTRIES.map]: Object.fromEntries(slice.map((id) => [id, fold.employees[id]!])),
      [EMPLOYEE_ENTRIES.index]: slice,
    } as RollupPageData;
  });
}
