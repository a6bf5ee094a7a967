import { FieldValue } from 'firebase-admin/firestore';
import { catalog, doc, storedFiles, type CollectionName } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { JobControl } from '../jobs/job-control.js';
import { fileStore } from '../platform/file-store.js';
import { addDays, toIso } from '../core/timestamps.js';
import type { ExportDoc } from '../core/schemas/privacy.js';
import { CollectionReader, PART_LIMITS, writePart, type PartLimits, type PartRecord } from './export-parts.js';
import { tenantEntries } from './subject-queries.js';

const EXPORT_RETENTION_DAYS = storedFiles.tenantExports.retention.days;
/** Time one delivery may spend before it hands over to a retry (the function's timeout is 540 s). */
const DEFAULT_BUDGET_MS = 420_000;
export const MANIFEST_FILE = 'manifest.json';

export function exportFileKey(tenantId: string, exportId: string, fileName: string): string {
  return `tenants/${tenantId}/exports/${exportId}/${fileName}`;
}

/** The collections a tenant export holds, in the order it writes them: every catalog entry under the tenant that the catalog marks for it. */
export function exportPlan(): CollectionName[] {
  return tenantEntries().reverse().filter((n) => catalog[n].export.tenant);
}

/** `manifest.json`, written last beside the parts: what an import checks the parts against. */
export interface ExportManifestFile {
  format: 'herald-tenant-export/1';
  tenantId: string;
  exportId: string;
  createdAt: string | null;
  completedAt: string | null;
  collections: { name: string; path: string; documents: number; parts: Omit<PartRecord, 'collection' | 'last'>[] }[];
}

/**
 * A whole tenant's data (reversibility), streamed: each catalog collection is read page by page
 * and written as gzip-compressed JSON lines (`{"path": …, "data": …}`, see export-codec.ts) in
 * parts of bounded size (export-parts.ts), then `manifest.json` with each part's documents, bytes
 * and SHA-256. Memory stays bounded by one page and the stream buffers, whatever the tenant's size.
 *
 * Resumable: the export document records each finished part and the cursor after it in one write.
 * A re-run (a crash, a retry, a spent time budget) continues after the last recorded part; a part
 * that was being written is written again whole under the same name, so nothing is duplicated or
 * skipped.
 */
export async function exportTenant(
  deps: Deps,
  payload: { tenantId: string; jobId?: string | undefined },
  job: JobControl,
  options: { limits?: PartLimits; budgetMs?: number } = {},
): Promise<void> {
  const { tenantId } = payload;
  const exportId = payload.jobId ?? `export-${deps.now().getTime()}`;
  const limits = options.limits ?? PART_LIMITS;
  const deadline = deps.now().getTime() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const ref = doc(deps.db, 'exports', { tenantId, exportId });
  let state = (await ref.get()).data();
  if (state?.status === 'done') return;
  if (!state) {
    const jobDoc = payload.jobId ? (await doc(deps.db, 'jobs', { tenantId, jobId: payload.jobId }).get()).data() : undefined;
    const now = deps.now();
    const plan = exportPlan();
    state = {
      status: 'running', jobId: exportId, createdBy: jobDoc?.createdBy ?? 'system', plan, parts: [], documents: 0,
      cursor: plan.length ? { collection: plan[0]!, after: null } : null,
      createdAt: now, completedAt: null, expireAt: addDays(now, EXPORT_RETENTION_DAYS),
    };
    // create(): two deliveries starting at once cannot both begin (the loser re-reads and resumes).
    await ref.create(state).catch(async (err: unknown) => {
      if ((err as { code?: unknown }).code !== 6) throw err;
      state = (await ref.get()).data()!;
    });
  }
  const files = fileStore(deps);
  const expireAt = toDate(state.expireAt);
  const key = (name: string) => exportFileKey(tenantId, exportId, name);
  const plan = (state.plan ?? []) as CollectionName[];
  let documents = state.documents ?? 0;
  let cursor = state.cursor ?? null;
  const parts = [...(state.parts ?? [])];

  while (cursor) {
    const collection = cursor.collection as CollectionName;
    // A collection a later version no longer declares (a deploy between deliveries) has nothing to read.
    const reader = collection in catalog ? new CollectionReader(deps.db, collection, tenantId, cursor.after, limits.page) : null;
    try {
      while (reader) {
        const part = parts.filter((p) => p.collection === collection).length + 1;
        const record = await writePart(files, { reader, collection, part, key, expireAt, limits });
        if (!record) break;
        documents += record.documents;
        parts.push(record);
        cursor = { collection, after: record.last };
        await ref.update({ parts: FieldValue.arrayUnion(record), cursor, documents });
        await job.progress(documents, null);
        // Past the time budget, stop between parts (each delivery writes one at least): the retry resumes after it.
        if (deps.now().getTime() > deadline) throw new AppError('unavailable', 'the time budget of this delivery is spent; the export resumes on retry');
      }
    } finally {
      await reader?.close();
    }
    // The collection is written whole: on to the next one.
    const next = plan[plan.indexOf(collection) + 1];
    cursor = next ? { collection: next, after: null } : null;
    if (cursor) await ref.update({ cursor });
  }

  const completedAt = deps.now();
  const manifest: ExportManifestFile = {
    format: 'herald-tenant-export/1',
    tenantId,
    exportId,
    createdAt: toIso(state.createdAt),
    completedAt: completedAt.toISOString(),
    collections: plan.map((name) => {
      const own = parts.filter((p) => p.collection === name).sort((a, b) => a.part - b.part);
      return { name, path: catalog[name]?.path ?? '', documents: own.reduce((n, p) => n + p.documents, 0), parts: own.map(({ part, name: file, documents: d, bytes, sha256 }) => ({ part, name: file, documents: d, bytes, sha256 })) };
    }),
  };
  await files.write(key(MANIFEST_FILE), JSON.stringify(manifest, null, 1), 'application/json', { expireAt });
  await ref.update({ status: 'done', cursor: null, completedAt });
}

function toDate(t: ExportDoc['expireAt']): Date {
  return new Date(toIso(t)!);
}
