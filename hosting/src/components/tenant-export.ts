import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { Api } from '../api';
import { messageOf } from '../api';
import { saveFile, toast } from '../core/dialog';
import { ConsoleElement } from '../core/element';
import { followJob } from '../core/jobs';
import { Resource } from '../core/resource';
import { empty, jobProgress, plural, when } from '../core/ui';
import type { ExportList, ExportManifest, JobStarted, JobView } from '../../../functions/src/api-types.js';

/** A size in words: 850 bytes, 12.3 KB, 3.4 MB. */
export function sizeWords(bytes: number): string {
  if (bytes < 1000) return plural(bytes, 'byte');
  if (bytes < 1_000_000) return `${+(bytes / 1000).toFixed(1)} KB`;
  if (bytes < 1_000_000_000) return `${+(bytes / 1_000_000).toFixed(1)} MB`;
  return `${+(bytes / 1_000_000_000).toFixed(2)} GB`;
}

const count = (n: number, one: string) => `${n.toLocaleString()} ${n === 1 ? one : `${one}s`}`;

/** A collection in a few words: its catalog description up to the first detail ("Directory record of an employee"). */
const shortWhat = (what: string) => what.split(/[:(;]/)[0]!.trim();

interface State {
  job: JobView | null;
  downloading: string | null;
}

/**
 * The whole-tenant export on the Privacy screen: start one, follow it, and download each finished
 * part (and the manifest of counts and fingerprints) of every export still kept. Parts appear as
 * they are written, so a large export can be fetched while it runs.
 */
export class TenantExport extends ConsoleElement<State> {
  @property({ attribute: false }) api!: Api;

  private readonly list = new Resource(this, 'The exports', async () => (await this.api<ExportList>('/privacy/exports')).exports);

  private async start(): Promise<void> {
    this.set({ job: null });
    try {
      const { jobId } = await this.api<JobStarted>('/privacy/exports', { method: 'POST', json: {} });
      let seen = -1;
      await this.list.reload();
      const job = await followJob(this.api, jobId, (j) => {
        this.set({ job: j });
        // New parts show as they are finished.
        if (j.progress.done !== seen) {
          seen = j.progress.done;
          void this.list.reload();
        }
      });
      await this.list.reload();
      if (job.status === 'done') toast('Export done. Download its files below.');
    } catch (err) {
      toast(messageOf(err));
    }
  }

  /** `download` is the API's full path (`/api/privacy/…`); the console's api() adds the prefix itself. */
  private async download(download: string, name: string): Promise<void> {
    this.set({ downloading: name });
    try {
      const res = await this.api.raw(download.replace(/^\/api(?=\/)/, ''));
      saveFile(await res.blob(), name, name.endsWith('.json') ? 'application/json' : 'application/gzip');
    } catch (err) {
      toast(messageOf(err));
    }
    this.set({ downloading: null });
  }

  private summary(e: ExportManifest): string {
    const bytes = e.files.reduce((n, f) => n + f.bytes, 0);
    const files = `${count(e.documents, 'document')} in ${plural(e.files.length, 'file')} (${sizeWords(bytes)})`;
    if (e.status === 'done') return `Done: ${files}. Kept until ${when(e.expiresAt)}.`;
    if (e.status === 'failed') return `Stopped before the end: ${files} written. Start a new export for a complete copy.`;
    return `Running: ${files} so far.`;
  }

  private renderExport(e: ExportManifest) {
    return html`<div data-testid="tenant-export">
      <h3>Export of ${when(e.createdAt)}</h3>
      <p>${this.summary(e)}</p>
      ${e.manifest
        ? html`<div class="row"><button type="button" class="secondary" ?disabled=${this.state.downloading === e.manifest.name}
            @click=${() => void this.download(e.manifest!.download, `herald-export-${e.id}-manifest.json`)}>Download the manifest</button>
            <span class="muted">It lists every file with its number of documents and its SHA-256 fingerprint, to check the files are complete.</span></div>`
        : nothing}
      ${e.files.length
        ? html`<ul class="file-list" aria-label="Files of the export of ${when(e.createdAt)}">${e.files.map(
            (f) => html`<li data-testid="export-part">
              <span class="what">${shortWhat(f.what)}${e.files.filter((g) => g.collection === f.collection).length > 1 ? html` <span class="muted">(part ${f.part})</span>` : nothing}</span>
              <span class="muted">${count(f.documents, 'document')} · ${sizeWords(f.bytes)}</span>
              <button type="button" class="link" ?disabled=${this.state.downloading === f.name} @click=${() => void this.download(f.download, f.name)}>Download ${f.name}</button>
            </li>`,
          )}</ul>`
        : nothing}
    </div>`;
  }

  override render() {
    const job = this.state.job;
    const running = job?.status === 'running' || job?.status === 'queued';
    return html`<p class="muted">All of your company's data, to keep or to move elsewhere: one set of files per kind of data, as compressed JSON lines
        (one document per line, <code>.ndjson.gz</code>), in files of at most 8 MB, with a manifest to check them. Kept 7 days.</p>
      <div class="row"><button type="button" class="secondary" ?disabled=${running} @click=${() => void this.start()}>Export all data</button></div>
      ${jobProgress(job, 'Export')}
      ${this.list.render((exports) =>
        exports.length === 0
          ? empty('No export yet', 'An export takes a few minutes for a large company; its files appear here as they are written.')
          : html`${!running && exports.some((e) => e.status === 'running')
                ? html`<div class="row"><span class="muted">An export is still running.</span><button type="button" class="secondary" @click=${() => void this.list.reload()}>Show its new files</button></div>`
                : nothing}
              ${exports.map((e) => this.renderExport(e))}`,
      )}`;
  }
}
customElements.define('h-tenant-export', TenantExport);
