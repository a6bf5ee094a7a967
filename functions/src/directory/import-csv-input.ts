import * as z from 'zod';

/**
 * What POST /api/directory/import accepts, apart from the import itself (import-csv.ts, with the
 * CSV parser and the user index): the route table holds these, and the import loads on first use.
 */
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
