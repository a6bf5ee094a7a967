import * as z from 'zod';
import { idSchema } from '../core/schemas/ids.js';
import { route, type RouteDef } from '../http/route.js';
import { importBody, importQuery } from './import-csv-input.js';
import { confirmHeldSync, getSyncSettings, saveSyncSettings, settingsBody, startSync, syncHistory, syncHistoryQuery } from './sync-admin.js';

/**
 * Where the directory comes from and keeping it in step: CSV import, the sync source and its
 * settings, syncs and their history. Joined into the route table in api/route-table.ts.
 */
export const directorySyncRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'post',
    path: '/directory/import',
    access: 'admin',
    summary: "Import the directory from a CSV file (Herald's template, Google Admin or Microsoft 365 export); dryRun, applyValid, removeAbsent",
    query: importQuery,
    body: importBody,
    bodyType: 'csv',
    example: { query: { dryRun: 'true' }, body: 'email,firstName,lastName\nnew.person@initech.example,New,Person\n' },
    audit: { action: 'directory.import', target: () => null },
    handler: async ({ deps, tenantId }, { query, body }) => (await import('./import-csv.js')).importCsv(deps, tenantId, body, query),
  }),
  route({
    method: 'get',
    path: '/directory/settings',
    access: 'admin',
    summary: 'Where the directory comes from: CSV, Google Workspace or Microsoft 365, and their settings',
    handler: ({ deps, tenantId }) => getSyncSettings(deps, tenantId),
  }),
  route({
    method: 'put',
    path: '/directory/settings',
    access: 'admin',
    summary: 'Choose the directory source and its settings',
    body: settingsBody,
    example: { body: { source: 'google', google: { adminEmail: 'directory-admin@acme.example' } } },
    audit: { action: 'directory.settings_update', target: () => null },
    handler: ({ deps, tenantId }, { body }) => saveSyncSettings(deps, tenantId, body),
  }),
  route({
    method: 'post',
    path: '/directory/sync',
    access: 'admin',
    summary: 'Start a directory sync now; follow it with GET /api/jobs/{jobId}',
    status: 202,
    audit: { action: 'directory.sync_start', target: (_input, result) => ({ type: 'job', id: (result as { jobId: string }).jobId }) },
    handler: ({ deps, tenantId, caller }) => startSync(deps, tenantId, caller.uid),
  }),
  route({
    method: 'post',
    path: '/directory/syncs/:syncJobId/confirm',
    access: 'admin',
    summary: 'Confirm the removals a held sync found (above the safety limit); starts a sync allowed to remove them',
    params: z.object({ syncJobId: idSchema }),
    status: 202,
    audit: { action: 'directory.sync_confirm', target: ({ params }) => ({ type: 'job', id: params.syncJobId }) },
    handler: ({ deps, tenantId, caller }, { params }) => confirmHeldSync(deps, tenantId, params.syncJobId, caller.uid),
  }),
  route({
    method: 'get',
    path: '/directory/syncs',
    access: 'admin',
    summary: 'Recent directory syncs, newest first: status, progress, counts, error',
    query: syncHistoryQuery,
    handler: ({ deps, tenantId }, { query }) => syncHistory(deps, tenantId, query.limit),
  }),
];
