import { ApiError, type Api } from '../api';
import { h, mount } from '../dom';
import type { Screen } from './screen';

interface Activity {
  collection: string;
  description: string;
  personalData: { key: string; label: string }[];
  purpose: string;
  legalBasis: { key: string; text: string };
  retention: string;
  erasure: string;
}
interface Register {
  title: string;
  region: { location: string };
  activities: Activity[];
}
interface AuditEntry {
  id: string;
  actor: { uid: string; role: string };
  action: string;
  target: { type: string; id: string } | null;
  at: string | null;
}
interface Deletion {
  id: string;
  status: string;
  subject: { kind: string };
  reason: string;
  categories: string[];
  collections: Record<string, number>;
  requestedAt: string | null;
  completedAt: string | null;
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');
const message = (err: unknown) => (err instanceof ApiError ? err.message : 'Something went wrong.');

/** Privacy operations for admins: record of processing, purge with certificates, tenant export, audit log. */
export const privacy: Screen = {
  id: 'privacy',
  label: 'Privacy',
  minRole: 'admin',
  async render({ api }) {
    const [register, audit, deletions] = await Promise.all([
      api<Register>('/privacy/register'),
      api<{ entries: AuditEntry[] }>('/audit?limit=25'),
      api<{ deletions: Deletion[] }>('/privacy/deletions'),
    ]);
    return h(
      'section',
      {},
      h('h1', {}, 'Privacy'),
      h('p', { class: 'muted' }, `All of this tenant's data is stored in ${register.region.location}.`),
      purgePanel(api),
      h('h2', {}, 'Deletion certificates'),
      h(
        'table',
        { 'data-testid': 'deletions' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Requested'), h('th', {}, 'Subject'), h('th', {}, 'Reason'), h('th', {}, 'Status'), h('th', {}, 'Erased'))),
        h('tbody', {}, ...deletions.deletions.map((d) =>
          h('tr', {}, h('td', {}, when(d.requestedAt)), h('td', {}, d.subject.kind), h('td', {}, d.reason), h('td', {}, d.status),
            h('td', {}, Object.entries(d.collections).map(([c, n]) => `${c} ${n}`).join(', '))))),
      ),
      exportPanel(api),
      h('h2', {}, 'Audit log'),
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, h('th', {}, 'When'), h('th', {}, 'Action'), h('th', {}, 'By'), h('th', {}, 'Target'))),
        h('tbody', {}, ...audit.entries.map((e) =>
          h('tr', {}, h('td', {}, when(e.at)), h('td', {}, e.action), h('td', {}, `${e.actor.role} ${e.actor.uid}`), h('td', {}, e.target ? `${e.target.type} ${e.target.id}` : '')))),
      ),
      h('h2', {}, register.title),
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Data'), h('th', {}, 'Personal data'), h('th', {}, 'Purpose'), h('th', {}, 'Legal basis'), h('th', {}, 'Retention'))),
        h('tbody', {}, ...register.activities.map((a) =>
          h('tr', {}, h('td', {}, a.description), h('td', {}, a.personalData.map((p) => p.label).join(', ') || 'none'), h('td', {}, a.purpose), h('td', {}, a.legalBasis.text), h('td', {}, a.retention)))),
      ),
    );
  },
};

function purgePanel(api: Api): HTMLElement {
  const emails = h('textarea', { rows: '3', 'aria-label': 'Email addresses to erase', placeholder: 'one email address per line' });
  const status = h('p', { class: 'muted', role: 'status' });
  const run = async () => {
    const list = emails.value.split(/\s+/).map((s) => s.trim()).filter(Boolean);
    if (list.length === 0) return void (status.textContent = 'Enter at least one email address.');
    if (!window.confirm(`Erase all data of ${list.length} person(s)? This cannot be undone.`)) return;
    try {
      const { jobId } = await api<{ jobId: string }>('/privacy/purge', { method: 'POST', body: JSON.stringify({ emails: list }) });
      for (;;) {
        const job = await api<{ status: string; progress: { done: number; total: number | null } }>(`/jobs/${jobId}`);
        status.textContent = `Erasure ${job.status}: ${job.progress.done}${job.progress.total ? ` of ${job.progress.total}` : ''}.`;
        if (!['queued', 'running'].includes(job.status)) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
    } catch (err) {
      status.textContent = message(err);
    }
  };
  return h('div', { class: 'panel' }, h('h2', {}, 'Erase people'), h('p', { class: 'muted' }, 'Everything Herald holds about them goes: directory record, assignments, counters, receipts, clicks they sent. A certificate records what was erased.'), emails, h('div', { class: 'row' }, h('button', { type: 'button', onclick: () => void run() }, 'Erase'), status));
}

function exportPanel(api: Api): HTMLElement {
  const files = h('div');
  const status = h('p', { class: 'muted', role: 'status' });
  const run = async () => {
    try {
      const { jobId } = await api<{ jobId: string }>('/privacy/exports', { method: 'POST', body: '{}' });
      status.textContent = 'Exporting…';
      let job: { status: string };
      do {
        await new Promise((r) => setTimeout(r, 800));
        job = await api(`/jobs/${jobId}`);
      } while (['queued', 'running'].includes(job.status));
      if (job.status !== 'done') return void (status.textContent = 'The export failed.');
      const manifest = await api<{ files: { name: string; documents: number }[] }>(`/privacy/exports/${jobId}`);
      status.textContent = 'Ready to download (kept for 7 days).';
      mount(files, ...manifest.files.map((f) => h('button', { type: 'button', class: 'link', onclick: () => void download(api, `/privacy/exports/${jobId}/files/${f.name}`, f.name) }, `${f.name} (${f.documents})`)));
    } catch (err) {
      status.textContent = message(err);
    }
  };
  return h('div', { class: 'panel' }, h('h2', {}, 'Export all data'), h('p', { class: 'muted' }, "One JSON-lines file per collection: your company's data, to keep or to move."), h('div', { class: 'row' }, h('button', { type: 'button', class: 'secondary', onclick: () => void run() }, 'Export'), status), files);
}

export async function download(api: Api, path: string, name: string): Promise<void> {
  const body = await api<unknown>(path);
  const text = typeof body === 'string' ? body : JSON.stringify(body, null, 2);
  const url = URL.createObjectURL(new Blob([text], { type: 'application/octet-stream' }));
  h('a', { href: url, download: name }).click();
  URL.revokeObjectURL(url);
}
