import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { doc } from '../catalog.js';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { commitPlan, planUsers, type IncomingUser } from './apply-users.js';
import { detectFormat, headerKey, HERALD_TEMPLATE_HEADER } from './csv-formats.js';
import { handOffRemovals, removalLimit } from './hand-off-removals.js';
import { directoryFieldsSchema, type DirectoryField } from './schema.js';
import { loadUserIndex } from './user-index.js';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

export const importQuery = z.object({
  /** Validate and count, write nothing. */
  dryRun: flag,
  /** With errors in some rows, still write the valid rows (otherwise nothing is written). */
  applyValid: flag,
  /** Remove users absent from the file (off by default). */
  removeAbsent: flag,
  /** Confirms a removal above the safety limit: the number of users the admin agreed to remove. */
  confirmRemovals: z.coerce.number().int().min(1).max(1_000_000).optional(),
});
/** The file's bytes (UTF-8, a BOM allowed); its size is checked on the raw length before this (api-app.ts). */
export const importBody = z.union([z.instanceof(Buffer), z.string()]);

export interface ImportError {
  row: number;
  field: string;
  message: string;
}
export interface ImportResult {
  format: string;
  dryRun: boolean;
  applied: boolean;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  errors: ImportError[];
}

const MAX_ROWS = 100_000;
const MAX_ERRORS = 1000;

/**
 * Imports a directory CSV. Every row is validated before anything is written: with errors the
 * import writes nothing unless `applyValid`, and never removes anyone (a row that failed still
 * names a person who is present). Removals are opt-in and guarded like a sync's.
 */
export async function importCsv(deps: Deps, tenantId: string, file: Buffer | string, query: z.output<typeof importQuery>): Promise<ImportResult> {
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  if (tenant?.directorySource !== 'csv') {
    throw new AppError('failed_precondition', `this tenant syncs its directory from ${tenant?.directorySource ?? 'another source'}: set the source to csv before importing files`);
  }
  let records: string[][];
  try {
    records = parse(file, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, max_record_size: 64 * 1024 });
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new AppError('invalid_argument', `body: not a readable CSV file${line ? ` (line ${line})` : ''}`);
  }
  const [headers, ...rows] = records;
  if (!headers) throw new AppError('invalid_argument', 'body: the file is empty');
  if (rows.length > MAX_ROWS) throw new AppError('payload_too_large', `body: at most ${MAX_ROWS} rows per file`);
  const format = detectFormat(headers);
  if (!format) {
    throw new AppError(
      'invalid_argument',
      `body: unrecognised columns; use Herald's template (${HERALD_TEMPLATE_HEADER}) or the user export of the Google Admin console or the Microsoft 365 admin center`,
    );
  }

  const keys = headers.map(headerKey);
  const errors: ImportError[] = [];
  const valid: IncomingUser[] = [];
  const rowOfEmail = new Map<string, number>();
  const presentEmails = new Set<string>();
  rows.forEach((cells, i) => {
    const row = i + 2; // as numbered in a spreadsheet: the header is row 1
    const byKey: Record<string, string> = {};
    keys.forEach((k, c) => {
      if (k && byKey[k] === undefined) byKey[k] = cells[c] ?? '';
    });
    const raw = Object.fromEntries(Object.entries(format.read).map(([field, read]) => [field, read(byKey) || undefined]));
    const parsed = directoryFieldsSchema.safeParse(raw);
    const email = directoryFieldsSchema.shape.email.safeParse(raw.email ?? '');
    if (email.success) presentEmails.add(email.data);
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'row') as DirectoryField;
        if (seen.has(field)) continue;
        seen.add(field);
        errors.push({ row, field, message: `${format.columns[field] ?? field}: ${issue.message}` });
      }
      return;
    }
    const first = rowOfEmail.get(parsed.data.email);
    if (first !== undefined) {
      errors.push({ row, field: 'email', message: `${format.columns.email}: the same email as row ${first}` });
      return;
    }
    rowOfEmail.set(parsed.data.email, row);
    // Same shape as synced users: groups are a set, kept sorted.
    valid.push({ fields: { ...parsed.data, addresses: [...new Set(parsed.data.addresses)], groups: [...new Set(parsed.data.groups)].sort() } });
  });

  const index = await loadUserIndex(deps, tenantId);
  const directorySize = index.size;
  const plan = planUsers(deps, { tenantId, source: 'csv', index, users: valid });
  const present = new Set(plan.ids);
  // With errors, nobody is removed: a failed row may be a present person we could not read.
  const leaving: string[] = [];
  if (query.removeAbsent && errors.length === 0) {
    for (const u of index.users()) if (!present.has(u.id) && !presentEmails.has(u.email) && u.source !== 'manual') leaving.push(u.id);
  }
  const limit = removalLimit(directorySize);
  if (leaving.length > limit && (query.confirmRemovals ?? 0) < leaving.length && !query.dryRun) {
    throw new AppError(
      'failed_precondition',
      `query.confirmRemovals: this file would remove ${leaving.length} users, more than the safety limit of ${limit}; nothing was written. ` +
        `Check the file, or send confirmRemovals=${leaving.length} to proceed`,
    );
  }

  const apply = !query.dryRun && (errors.length === 0 || query.applyValid);
  if (apply) {
    await commitPlan(deps, plan);
    if (leaving.length) await handOffRemovals(deps, { tenantId, origin: `import-${randomBytes(6).toString('hex')}`, userIds: leaving });
  }
  deps.log.info('directory csv import', { tenantId, format: format.name, rows: rows.length, errors: errors.length, applied: apply, created: plan.created, updated: plan.updated, removed: leaving.length });
  return {
    format: format.name,
    dryRun: query.dryRun,
    applied: apply,
    created: plan.created,
    updated: plan.updated,
    unchanged: plan.unchanged,
    removed: leaving.length,
    errors: errors.slice(0, MAX_ERRORS),
  };
}
