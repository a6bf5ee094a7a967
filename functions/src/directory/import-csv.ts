import { randomBytes } from 'node:crypto';
import type * as z from 'zod';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { commitPlan, planUsers, type IncomingUser } from './apply-users.js';
import { detectFormat, headerKey, HERALD_TEMPLATE_HEADER, knownKeys, MAX_HEADER_COLUMNS, MAX_HEADER_LENGTH, type CsvFormat } from './csv-formats.js';
import { domainOf, isVerifiedAddress, verifiedDomainsOf } from '../trust/verified-domains.js';
import { handOffRemovals, removalLimit } from './hand-off-removals.js';
import type { importQuery } from './import-csv-input.js';
import { directoryFieldsSchema, type DirectoryField } from '../core/schemas/user.js';
import { loadUserIndex } from './user-index.js';
import { SOURCE_NAMES } from './sync-settings.js';
import { plainIssue } from '../core/field-labels.js';

export interface ImportError {
  row: number;
  field: string;
  /** In words, naming the column and quoting the value: `Work phone "call me maybe" must be a phone number …`. */
  message: string;
  /** The cell as read (shortened), null when it was empty. */
  value: string | null;
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
    throw new AppError('failed_precondition', `Your directory is synced from ${tenant ? SOURCE_NAMES[tenant.directorySource] : 'another source'}: choose CSV files as the source before importing a file.`, { fix: 'choose_source' });
  }
  // The header is checked and mapped once, inside the parser: at most 64 columns of at most 200
  // characters, and only the columns the detected format reads are kept in the rows.
  let format: CsvFormat | undefined;
  let records: Record<string, string>[];
  // Loaded by the first import, not with every cold start of the api function.
  const { parse } = await import('csv-parse/sync');
  try {
    records = parse(file, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      max_record_size: 64 * 1024,
      columns: (headers: string[]) => {
        format = readHeader(headers);
        const wanted = new Set(knownKeys(format));
        const taken = new Set<string>();
        return headers.map((h) => {
          const key = headerKey(h);
          if (!wanted.has(key) || taken.has(key)) return false;
          taken.add(key);
          return key;
        });
      },
    }) as Record<string, string>[];
  } catch (err) {
    if (err instanceof AppError) throw err;
    const line = (err as { lines?: number }).lines;
    throw new AppError('invalid_argument', `body: not a readable CSV file${line ? ` (line ${line})` : ''}`);
  }
  if (!format) throw new AppError('invalid_argument', 'body: the file is empty');
  const rows = records;
  if (rows.length > MAX_ROWS) throw new AppError('payload_too_large', `body: at most ${MAX_ROWS} rows per file`);
  const csvFormat: CsvFormat = format;

  const verified = verifiedDomainsOf(tenant);
  const errors: ImportError[] = [];
  const valid: IncomingUser[] = [];
  const rowOfEmail = new Map<string, number>();
  const presentEmails = new Set<string>();
  rows.forEach((byKey, i) => {
    const row = i + 2; // as numbered in a spreadsheet: the header is row 1
    const raw = Object.fromEntries(Object.entries(csvFormat.read).map(([field, read]) => [field, read(byKey) || undefined]));
    const parsed = directoryFieldsSchema.safeParse(raw, { error: plainIssue });
    const email = directoryFieldsSchema.shape.email.safeParse(raw.email ?? '');
    if (email.success) presentEmails.add(email.data);
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'row') as DirectoryField;
        if (seen.has(field)) continue;
        seen.add(field);
        const value = cellValue(raw, issue.path);
        errors.push({ row, field, value, message: `${csvFormat.columns[field] ?? field}${value === null ? '' : ` "${value}"`} ${issue.message}` });
      }
      return;
    }
    // Herald acts only on addresses of domains this tenant proved it owns.
    if (!isVerifiedAddress(tenant, parsed.data.email)) {
      const domain = domainOf(parsed.data.email);
      errors.push({ row, field: 'email', value: parsed.data.email, message: `${csvFormat.columns.email} "${parsed.data.email}": ${domain} is not a verified domain of this tenant (verified: ${verified.join(', ') || 'none yet'})` });
      return;
    }
    const first = rowOfEmail.get(parsed.data.email);
    if (first !== undefined) {
      errors.push({ row, field: 'email', value: parsed.data.email, message: `${csvFormat.columns.email} "${parsed.data.email}" is the same email as row ${first}` });
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
      `This file would remove ${leaving.length} people, more than the safety limit of ${limit}; nothing was written. ` +
        `Check the file, or confirm that these ${leaving.length} people should be removed.`,
      { fix: 'confirm_removals' },
    );
  }

  const apply = !query.dryRun && (errors.length === 0 || query.applyValid);
  if (apply) {
    await commitPlan(deps, plan);
    if (leaving.length) await handOffRemovals(deps, { tenantId, origin: `import-${randomBytes(6).toString('hex')}`, userIds: leaving });
  }
  deps.log.info('directory csv import', { tenantId, format: csvFormat.name, rows: rows.length, errors: errors.length, applied: apply, created: plan.created, updated: plan.updated, removed: leaving.length });
  return {
    format: csvFormat.name,
    dryRun: query.dryRun,
    applied: apply,
    created: plan.created,
    updated: plan.updated,
    unchanged: plan.unchanged,
    removed: leaving.length,
    errors: errors.slice(0, MAX_ERRORS),
  };
}

/** Bounds and recognises the header row; throws a clear error naming the column. */
function readHeader(headers: string[]): CsvFormat {
  if (headers.length > MAX_HEADER_COLUMNS) throw new AppError('invalid_argument', `body: the header has ${headers.length} columns; at most ${MAX_HEADER_COLUMNS}`);
  const long = headers.findIndex((h) => h.length > MAX_HEADER_LENGTH);
  if (long >= 0) throw new AppError('invalid_argument', `body: header column ${long + 1} is longer than ${MAX_HEADER_LENGTH} characters`);
  const format = detectFormat(headers);
  if (!format) {
    throw new AppError(
      'invalid_argument',
      `body: unrecognised columns; use Herald's template (${HERALD_TEMPLATE_HEADER}) or the user export of the Google Admin console or the Microsoft 365 admin center`,
    );
  }
  return format;
}

/** The cell behind a problem, as the admin typed it (one entry of a list column), shortened; null when empty. */
function cellValue(raw: Record<string, unknown>, path: readonly PropertyKey[]): string | null {
  let value: unknown = raw;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  if (value === undefined || value === null || value === '') return null;
  const text = Array.isArray(value) ? value.join(', ') : String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
