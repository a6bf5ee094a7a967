import { ApiError, type Api } from '../api';
import { h, mount } from '../dom';

interface JobView {
  id: string;
  status: string;
  progress: { done: number; total: number | null };
  counts: Record<string, number>;
  error: { code: string; message: string } | null;
  createdAt: string | null;
}

interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  errors: { row: number; field: string; message: string }[];
}

/** The admin's directory controls: sync now, sync history (with held syncs to confirm), CSV import. */
export async function directoryAdmin(api: Api): Promise<HTMLElement> {
  const history = h('tbody');
  const status = h('p', { class: 'muted', role: 'status' });
  const loadHistory = async () => {
    const { syncs } = await api<{ syncs: JobView[] }>('/directory/syncs?limit=5');
    mount(
      history,
      ...syncs.map((s) =>
        h(
          'tr',
          {},
          h('td', {}, s.createdAt ? new Date(s.createdAt).toLocaleString() : ''),
          h('td', {}, s.status),
          h('td', {}, Object.entries(s.counts).map(([k, v]) => `${k} ${v}`).join(', ')),
          h('td', {}, s.error?.message ?? '', s.status === 'held' ? h('button', { type: 'button', class: 'secondary', onclick: () => void confirm(s.id) }, 'Confirm removals') : null),
        ),
      ),
    );
  };
  const follow = async (jobId: string) => {
    for (;;) {
      const job = await api<JobView>(`/jobs/${jobId}`);
      status.textContent = `Sync ${job.status}: ${job.progress.done}${job.progress.total ? ` of ${job.progress.total}` : ''}`;
      if (!['queued', 'running'].includes(job.status)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await loadHistory();
  };
  const run = (path: string) =>
    api<{ jobId: string }>(path, { method: 'POST', body: '{}' })
      .then((r) => follow(r.jobId))
      .catch((err: unknown) => (status.textContent = err instanceof ApiError ? err.message : 'Could not start the sync.'));
  const confirm = (jobId: string) => run(`/directory/syncs/${jobId}/confirm`);

  const file = h('input', { type: 'file', accept: '.csv,text/csv', 'aria-label': 'CSV file' });
  const removeAbsent = h('input', { type: 'checkbox' });
  const report = h('div');
  const upload = async (dryRun: boolean, applyValid = false) => {
    const csv = await file.files?.[0]?.text();
    if (!csv) return void (status.textContent = 'Choose a CSV file first.');
    const params = new URLSearchParams({ dryRun: String(dryRun), applyValid: String(applyValid), removeAbsent: String(removeAbsent.checked) });
    try {
      const r = await api<ImportResult>(`/directory/import?${params}`, { method: 'POST', body: csv, headers: { 'Content-Type': 'text/csv' } });
      mount(
        report,
        h('p', {}, `${dryRun ? 'Would create' : 'Created'} ${r.created}, update ${r.updated}, leave ${r.unchanged} unchanged, remove ${r.removed}.`),
        r.errors.length
          ? h('table', {}, h('tbody', {}, ...r.errors.slice(0, 50).map((e) => h('tr', {}, h('td', {}, `row ${e.row}`), h('td', {}, e.field), h('td', {}, e.message)))))
          : null,
        dryRun && r.errors.length ? h('button', { type: 'button', class: 'secondary', onclick: () => void upload(false, true) }, 'Import the valid rows only') : null,
        dryRun && !r.errors.length ? h('button', { type: 'button', onclick: () => void upload(false) }, 'Import') : null,
      );
    } catch (err) {
      mount(report, h('p', { class: 'error' }, err instanceof ApiError ? err.message : 'The import failed; nothing was written.'));
    }
  };
  await loadHistory().catch(() => undefined);
  return h(
    'details',
    { class: 'panel' },
    h('summary', {}, 'Sync and import'),
    h('div', { class: 'row' }, h('button', { type: 'button', onclick: () => void run('/directory/sync') }, 'Sync now'), status),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Started'), h('th', {}, 'Status'), h('th', {}, 'Counts'), h('th', {}, ''))), history),
    h('h3', {}, 'Import a CSV file'),
    h('p', { class: 'muted' }, "Herald's template, or the user export of the Google Admin console or the Microsoft 365 admin center."),
    h('div', { class: 'row' }, file, h('label', { class: 'inline' }, removeAbsent, 'Remove people missing from the file'), h('button', { type: 'button', class: 'secondary', onclick: () => void upload(true) }, 'Check the file')),
    report,
  );
}
