import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import * as z from 'zod';
import type { Firestore } from 'firebase-admin/firestore';
import { catalog, type CollectionName } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { fileStore } from '../platform/file-store.js';
import { decodeValue, type ExportLine, type Json } from './export-codec.js';
import { exportFileKey, MANIFEST_FILE, type ExportManifestFile } from './export-tenant-job.js';
import { tenantScope } from './subject-queries.js';

const manifestSchema = z.object({
  format: z.literal('herald-tenant-export/1'),
  tenantId: z.string(),
  exportId: z.string(),
  collections: z.array(
    z.object({
      name: z.string(),
      documents: z.number().int().min(0),
      parts: z.array(z.object({ part: z.number().int().min(1), name: z.string(), documents: z.number().int().min(0), bytes: z.number().int().min(0), sha256: z.string() })),
    }),
  ),
});

export interface ImportReport {
  /** Documents restored per collection. */
  collections: Record<string, number>;
  documents: number;
}

/** Streams one part: checks its size and SHA-256 against the manifest, and hands each line to `onLine` (backpressure: the next line waits for it). */
async function readPart(
  deps: Deps,
  from: { tenantId: string; exportId: string },
  part: { name: string; bytes: number; sha256: string; documents: number },
  onLine: (line: ExportLine) => Promise<void>,
): Promise<void> {
  const file = await fileStore(deps).openRead(exportFileKey(from.tenantId, from.exportId, part.name));
  if (!file) throw new AppError('not_found', `part ${part.name} of the export is missing`);
  const hash = createHash('sha256');
  let bytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  const lines = new PassThrough();
  const reading = pipeline(file.stream, measure, createGunzip(), lines);
  // Its failure (a damaged file, a failed read) is the one reported, whichever side notices first.
  let failure: unknown = null;
  reading.catch((err: unknown) => (failure ??= err));
  let documents = 0;
  try {
    for await (const text of createInterface({ input: lines, crlfDelay: Infinity })) {
      if (!text) continue;
      documents++;
      await onLine(JSON.parse(text) as ExportLine);
    }
    await reading;
  } catch (err) {
    file.stream.destroy();
    throw damaged(part.name, failure ?? err);
  }
  const sha256 = hash.digest('hex');
  if (bytes !== part.bytes || sha256 !== part.sha256) throw new AppError('invalid_argument', `part ${part.name} does not match the manifest (its size or SHA-256 differs): the export is damaged`);
  if (documents !== part.documents) throw new AppError('invalid_argument', `part ${part.name} holds ${documents} documents, the manifest says ${part.documents}`);
}

function damaged(name: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('invalid_argument', `part ${name} of the export cannot be read whole (it is damaged or was cut short)`);
}

/** Reads the export's manifest as it was written. */
export async function readManifest(deps: Deps, from: { tenantId: string; exportId: string }): Promise<ExportManifestFile> {
  const file = await fileStore(deps).read(exportFileKey(from.tenantId, from.exportId, MANIFEST_FILE));
  if (!file) throw new AppError('not_found', 'the export has no manifest (it is not finished, or it has expired)');
  const parsed = manifestSchema.safeParse(JSON.parse(file.data.toString('utf8')));
  if (!parsed.success) throw new AppError('invalid_argument', 'the export manifest is not one Herald wrote');
  return parsed.data as ExportManifestFile;
}

async function tenantIsEmpty(db: Firestore, tenantId: string, names: CollectionName[]): Promise<boolean> {
  for (const name of names) {
    const scope = tenantScope(db, name, tenantId);
    const { docs } = await scope.query.limit(50).get();
    if (docs.some((d) => scope.exact || scope.matches(d.ref.path))) return false;
  }
  return true;
}

/**
 * The import side of a tenant export (reversibility): the round-trip tests run it, and it is the
 * building block of an operator's restore (no route calls it: no customer or admin can write a
 * tenant from files). Every part is first read whole and checked
 * against the manifest (size, SHA-256, document count), then, only if all match, the documents
 * are written into `into`, an empty tenant (refused otherwise), with paths and document references
 * moved from the exported tenant to it. Nothing is written from a damaged export.
 */
export async function importTenantExport(deps: Deps, from: { tenantId: string; exportId: string }, into: string): Promise<ImportReport> {
  const manifest = await readManifest(deps, from);
  const names = manifest.collections.map((c) => c.name);
  const unknown = names.filter((n) => !(n in catalog));
  if (unknown.length) throw new AppError('invalid_argument', `the export holds collections this version does not know: ${unknown.join(', ')}`);
  // 1. Verify every part before writing anything.
  for (const c of manifest.collections) {
    for (const part of c.parts) await readPart(deps, from, part, async () => {});
    const total = c.parts.reduce((n, p) => n + p.documents, 0);
    if (total !== c.documents) throw new AppError('invalid_argument', `the manifest's parts of ${c.name} add up to ${total} documents, not ${c.documents}`);
  }
  if (!(await tenantIsEmpty(deps.db, into, names as CollectionName[]))) throw new AppError('conflict', 'the tenant to restore into already holds data: restore only into an empty tenant');
  // 2. Restore.
  const fromPrefix = `tenants/${from.tenantId}`;
  const move = (path: string) => (path === fromPrefix || path.startsWith(`${fromPrefix}/`) ? `tenants/${into}${path.slice(fromPrefix.length)}` : path);
  const retarget = (value: Json): Json => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(retarget);
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$ref') return { $ref: move(String(value.$ref)) };
    if (keys.length === 1 && keys[0] === '$map') return { $map: Object.fromEntries(Object.entries(value.$map as Record<string, Json>).map(([k, v]) => [k, retarget(v)])) };
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, retarget(v)]));
  };
  const writer = deps.db.bulkWriter();
  let failed = 0;
  writer.onWriteError(() => {
    failed++;
    return false;
  });
  const report: ImportReport = { collections: {}, documents: 0 };
  for (const c of manifest.collections) {
    report.collections[c.name] = 0;
    for (const part of c.parts) {
      await readPart(deps, from, part, async (line) => {
        if (!line.path.startsWith(`${fromPrefix}/`) && line.path !== fromPrefix) throw new AppError('invalid_argument', `part ${part.name} holds a document of another tenant`);
        // Waits for the writer when it is behind: memory stays bounded by its batches.
        void writer.set(deps.db.doc(move(line.path)), decodeValue(deps.db, retarget(line.data)) as Record<string, unknown>).catch(() => {});
        report.collections[c.name]!++;
        report.documents++;
        if (report.documents % 5000 === 0) await writer.flush();
      });
    }
  }
  await writer.close();
  if (failed) throw new AppError('unavailable', `${failed} documents could not be written; the tenant is incomplete: delete it and restore again`);
  return report;
}
