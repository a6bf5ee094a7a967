import type { DocumentSnapshot } from 'firebase-admin/firestore';
import { catalog, doc, storedFiles } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { JobControl } from '../jobs/job-control.js';
import { fileStore } from '../platform/file-store.js';
import { addDays, toIso } from '../core/timestamps.js';
import type { ExportDoc } from '../core/schemas/privacy.js';
import { toJson } from './describe-entry.js';
import { tenantEntries, tenantScope } from './subject-queries.js';

const EXPORT_RETENTION_DAYS = storedFiles.tenantExports.retention.days;

export function exportFileKey(tenantId: string, exportId: string, fileName: string): string {
  return `tenants/${tenantId}/exports/${exportId}/${fileName}`;
}

/**
 * A whole tenant's data (reversibility): one JSON-lines file per catalog collection that a tenant
 * export includes (`{"path": …, "data": …}` per line), plus a manifest document. Safe to run again:
 * files are rewritten whole.
 */
export async function exportTenant(deps: Deps, payload: { tenantId: string; jobId?: string | undefined }, job: JobControl): Promise<void> {
  const { tenantId } = payload;
  const exportId = payload.jobId ?? `export-${deps.now().getTime()}`;
  const ref = doc(deps.db, 'exports', { tenantId, exportId });
  const jobDoc = payload.jobId ? (await doc(deps.db, 'jobs', { tenantId, jobId: payload.jobId }).get()).data() : undefined;
  const now = deps.now();
  const expireAt = addDays(now, EXPORT_RETENTION_DAYS);
  await ref.set({ status: 'running', jobId: exportId, createdBy: jobDoc?.createdBy ?? 'system', files: [], createdAt: now, completedAt: null, expireAt });
  const names = tenantEntries().reverse().filter((n) => catalog[n].export.tenant);
  const files: { name: string; documents: number; bytes: number }[] = [];
  let done = 0;
  for (const name of names) {
    const scope = tenantScope(deps.db, name, tenantId);
    const lines: string[] = [];
    for await (const snap of scope.query.stream() as AsyncIterable<DocumentSnapshot>) {
      if (!scope.exact && !scope.matches(snap.ref.path)) continue;
      lines.push(JSON.stringify({ path: snap.ref.path, data: toJson(snap.data()) }));
    }
    const body = lines.length ? lines.join('\n') + '\n' : '';
    const fileName = `${name}.jsonl`;
    // The files expire with their manifest (the bucket's lifecycle rule and the daily sweep delete them).
    await fileStore(deps).write(exportFileKey(tenantId, exportId, fileName), body, 'application/x-ndjson', { expireAt });
    files.push({ name: fileName, documents: lines.length, bytes: Buffer.byteLength(body) });
    done += lines.length;
    await job.progress(done, null);
  }
  await ref.update({ status: 'done', files, completedAt: deps.now() });
}

/** GET /api/privacy/exports/:jobId: a tenant export's manifest. */
export interface ExportManifest {
  id: string;
  status: ExportDoc['status'];
  /** One JSON-lines file per collection, with its download path. */
  files: { name: string; documents: number; bytes: number; download: string }[];
  createdAt: string | null;
  completedAt: string | null;
  expiresAt: string | null;
}

export async function getExport(deps: Deps, tenantId: string, exportId: string): Promise<ExportManifest> {
  const data = (await doc(deps.db, 'exports', { tenantId, exportId }).get()).data();
  if (!data) throw new AppError('not_found', 'export not found');
  return {
    id: exportId,
    status: data.status,
    files: data.files.map((f) => ({ ...f, download: `/api/privacy/exports/${exportId}/files/${f.name}` })),
    createdAt: toIso(data.createdAt),
    completedAt: toIso(data.completedAt),
    expiresAt: toIso(data.expireAt),
  };
}

export async function readExportFile(deps: Deps, tenantId: string, exportId: string, fileName: string) {
  const manifest = (await doc(deps.db, 'exports', { tenantId, exportId }).get()).data();
  if (!manifest || !manifest.files.some((f) => f.name === fileName)) throw new AppError('not_found', 'export file not found');
  // Expired is gone, even before Firestore's TTL and the bucket's lifecycle rule catch up.
  const expiresAt = toIso(manifest.expireAt);
  if (expiresAt && Date.parse(expiresAt) <= deps.now().getTime()) throw new AppError('not_found', 'export file not found (it has expired)');
  const file = await fileStore(deps).read(exportFileKey(tenantId, exportId, fileName));
  if (!file) throw new AppError('not_found', 'export file not found (it may have expired)');
  return file;
}
