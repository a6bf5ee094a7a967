import { catalog, col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { ExportDoc } from '../core/schemas/privacy.js';
import { toIso } from '../core/timestamps.js';
import { fileStore } from '../platform/file-store.js';
import { exportFileKey, MANIFEST_FILE } from './export-tenant-job.js';

/** Exports listed on the Privacy screen (an export is kept 7 days). */
const LISTED = 20;

const describe = (collection: string) => (catalog as Record<string, { description: string }>)[collection]?.description ?? collection;

/** GET /api/privacy/exports/:jobId: a tenant export, its parts and where it stands. */
export interface ExportManifest {
  id: string;
  /** `failed`: its job gave up (retries spent) before the end; the parts written stay downloadable. */
  status: ExportDoc['status'] | 'failed';
  /** Documents written so far (all of them once done). */
  documents: number;
  /** Every finished part, in the order written, with its download path. */
  files: { name: string; collection: string; /** The collection in words. */ what: string; part: number; documents: number; bytes: number; sha256: string; download: string }[];
  /** The manifest (counts and SHA-256 of every part), once the export is done. */
  manifest: { name: string; download: string } | null;
  createdAt: string | null;
  completedAt: string | null;
  expiresAt: string | null;
}

export async function getExport(deps: Deps, tenantId: string, exportId: string): Promise<ExportManifest> {
  const data = (await doc(deps.db, 'exports', { tenantId, exportId }).get()).data();
  if (!data) throw new AppError('not_found', 'export not found');
  return (await withJobStatus(deps, tenantId, [exportView(exportId, data)]))[0]!;
}

/** A running export whose job has failed is shown as failed, not as running for ever (one read of their jobs). */
async function withJobStatus(deps: Deps, tenantId: string, views: ExportManifest[]): Promise<ExportManifest[]> {
  const running = views.filter((v) => v.status === 'running');
  if (!running.length) return views;
  const jobs = await deps.db.getAll(...running.map((v) => doc(deps.db, 'jobs', { tenantId, jobId: v.id })));
  const failed = new Set(jobs.filter((j) => j.exists && j.get('status') === 'failed').map((j) => j.id));
  return views.map((v) => (failed.has(v.id) ? { ...v, status: 'failed' as const } : v));
}

/** GET /api/privacy/exports: the tenant's exports still kept, newest first. */
export interface ExportList {
  exports: ExportManifest[];
}

export async function listExports(deps: Deps, tenantId: string): Promise<ExportList> {
  const snap = await col(deps.db, 'exports', { tenantId }).orderBy('createdAt', 'desc').limit(LISTED).get();
  const now = deps.now().getTime();
  const views = snap.docs.map((d) => exportView(d.id, d.data())).filter((e) => !e.expiresAt || Date.parse(e.expiresAt) > now);
  return { exports: await withJobStatus(deps, tenantId, views) };
}

function exportView(exportId: string, data: ExportDoc): ExportManifest {
  const download = (name: string) => `/api/privacy/exports/${exportId}/files/${name}`;
  return {
    id: exportId,
    status: data.status,
    documents: data.documents ?? 0,
    files: (data.parts ?? []).map((p) => ({ name: p.name, collection: p.collection, what: describe(p.collection), part: p.part, documents: p.documents, bytes: p.bytes, sha256: p.sha256, download: download(p.name) })),
    manifest: data.status === 'done' ? { name: MANIFEST_FILE, download: download(MANIFEST_FILE) } : null,
    createdAt: toIso(data.createdAt),
    completedAt: toIso(data.completedAt),
    expiresAt: toIso(data.expireAt),
  };
}

/**
 * One file of a tenant's export, as a stream: only a file its manifest lists (a finished part, or
 * the manifest of a finished export), of this tenant's export, before it expires.
 */
export async function openExportFile(deps: Deps, tenantId: string, exportId: string, fileName: string) {
  const data = (await doc(deps.db, 'exports', { tenantId, exportId }).get()).data();
  const listed = data && ((data.parts ?? []).some((p) => p.name === fileName) || (fileName === MANIFEST_FILE && data.status === 'done'));
  if (!listed) throw new AppError('not_found', 'export file not found');
  // Expired is gone, even before Firestore's TTL and the bucket's lifecycle rule catch up.
  const expiresAt = toIso(data.expireAt);
  if (expiresAt && Date.parse(expiresAt) <= deps.now().getTime()) throw new AppError('not_found', 'export file not found (it has expired)');
  const file = await fileStore(deps).openRead(exportFileKey(tenantId, exportId, fileName));
  if (!file) throw new AppError('not_found', 'export file not found (it may have expired)');
  return file;
}
