import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { messageOf } from '../api';
import { confirmDialog } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { followJob } from '../core/jobs';
import { Resource } from '../core/resource';
import type { DirectorySettingsView, JobStarted, JobView, SyncHistory, UserPage, UserSearch, UserView } from '../../../functions/src/api-types.js';
import { onOnline } from '../core/failure';
import { empty, errorBox, jobProgress, loadFailure, plural, statusWords, when } from '../core/ui';
import { fixButton, fixOf } from '../core/fixes';

const SOURCE: Record<DirectorySettingsView['source'], string> = { google: 'Google Workspace', microsoft: 'Microsoft 365', csv: 'CSV files' };

interface State {
  rows: UserView[];
  nextPageToken: string | null;
  matches: number | null;
  loading: boolean;
  job: JobView | null;
  syncError: unknown;
  /** The people could not be listed (offline…): said with a Retry, and listed again when the network returns. */
  rowsError: unknown;
}

/** The directory: where it comes from, syncs (progress, history, held removals), people with search and total. */
export class Directory extends ScreenElement<State> {
  private readonly settings = new Resource(this, 'The directory settings', () => this.api<DirectorySettingsView>('/directory/settings'));
  private readonly history = new Resource(this, 'The sync history', async () => (await this.api<SyncHistory>('/directory/syncs?limit=10')).syncs);
  private readonly total = new Resource(this, 'The number of people', async () => (await this.api<UserSearch>('/directory/search')).total ?? 0);
  @state() private q = '';
  private timer: number | undefined;
  private stopListening: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.state = { rows: [], nextPageToken: null, matches: null, loading: true, job: null, syncError: null, rowsError: null };
    this.stopListening = onOnline(() => {
      if (this.state.rowsError) void this.load(true);
    });
    void this.load(true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopListening?.();
  }

  private async load(reset: boolean): Promise<void> {
    this.set({ loading: true, rowsError: null });
    try {
      const params = new URLSearchParams({ limit: '25' });
      if (!reset && this.state.nextPageToken) params.set('pageToken', this.state.nextPageToken);
      if (this.q) {
        params.set('q', this.q);
        const r = await this.api<UserSearch>(`/directory/search?${params}`);
        this.set({ rows: reset ? r.users : [...this.state.rows, ...r.users], nextPageToken: r.nextPageToken, matches: r.matches });
      } else {
        const page = await this.api<UserPage>(`/users?${params}`);
        this.set({ rows: reset ? page.users : [...this.state.rows, ...page.users], nextPageToken: page.nextPageToken, matches: null });
      }
    } catch (err) {
      this.set({ rowsError: err });
    }
    this.set({ loading: false });
  }

  private search(value: string): void {
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.q = value.trim();
      void this.load(true);
    }, 250);
  }

  private async sync(path: string): Promise<void> {
    this.set({ syncError: null, job: null });
    try {
      const { jobId } = await this.api<JobStarted>(path, { method: 'POST', json: {} });
      await followJob(this.api, jobId, (job) => this.set({ job }));
      await Promise.all([this.history.reload(), this.total.reload(), this.load(true)]);
    } catch (err) {
      this.set({ syncError: err });
    }
  }

  private async confirmHeld(s: JobView): Promise<void> {
    const n = s.counts.pendingRemovals ?? null;
    const ok = await confirmDialog({
      title: 'Remove the people this sync found gone?',
      body: `${n !== null ? `${plural(n, 'person', 'people')} left` : 'People left'} the directory source, above the safety limit. Confirming runs a sync that removes them and everything Herald holds about them.`,
      confirm: 'Confirm removals',
      danger: true,
    });
    if (ok) await this.sync(`/directory/syncs/${encodeURIComponent(s.id)}/confirm`);
  }

  override render() {
    const { rows, nextPageToken, matches, loading, job, syncError, rowsError } = this.state;
    return html`<div class="title-row"><h1>Directory</h1><a class="button secondary" href="/directory/connect">Connect or change the source</a></div>
      ${this.settings.render(
        (s) => html`<section class="panel" aria-labelledby="source-title">
          <h2 id="source-title">Source: ${SOURCE[s.source]}</h2>
          ${s.source === 'csv'
            ? html`<p class="muted">People come from the CSV files you import. <a href="/directory/connect">Import a file</a>.</p>`
            : html`<p class="muted">Synced every day${s.incremental ? ' (incremental)' : ''}. Removals wait for a complete listing; above 10 % they are held for you.</p>
              <div class="row"><button type="button" ?disabled=${['queued', 'running'].includes(job?.status ?? '')} @click=${() => void this.sync('/directory/sync')}>Sync now</button></div>`}
          ${jobProgress(job, 'Sync')}
          ${syncError ? errorBox(syncError) : nothing}
          ${this.history.render((syncs) =>
            syncs.length
              ? html`<details ?open=${syncs.some((x) => x.status === 'held')}><summary>Sync history (${syncs.length})</summary>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Scrollable table"><table><thead><tr><th scope="col">Started</th><th scope="col">Status</th><th scope="col">Counts</th><th scope="col"></th></tr></thead>
                <tbody>${syncs.map(
                  (x) => html`<tr><td>${when(x.createdAt)}</td><td>${statusWords(x.status)}</td>
                    <td>${Object.entries(x.counts).filter(([, v]) => v).map(([k, v]) => `${v} ${k}`).join(', ') || '—'}</td>
                    <td>${x.error?.message ?? ''} ${x.status === 'held' && x.error?.code === 'mass_removal' ? html`<button type="button" class="secondary" @click=${() => void this.confirmHeld(x)}>Review removals</button>` : fixButton(fixOf(x.error))}</td></tr>`,
                )}</tbody></table></div></details>`
              : nothing,
          )}
        </section>`,
      )}
      <div class="row">
        <label class="grow">Search by name or email <input type="search" placeholder="Jane, doe, jane.doe@…" @input=${(ev: Event) => this.search((ev.target as HTMLInputElement).value)} /></label>
      </div>
      <p class="muted" role="status" data-testid="directory-total">${this.total.value !== undefined ? `${plural(this.total.value, 'person', 'people')} in the directory` : ''}${matches !== null ? ` · ${plural(matches, 'match', 'matches')}` : ''}</p>
      ${rowsError
        ? loadFailure('The people of the directory', rowsError, () => void this.load(true), loading)
        : rows.length === 0 && !loading
        ? this.q
          ? empty('No one matches', 'Try the start of a first name, last name or email address.')
          : empty('The directory is empty', html`<a href="/directory/connect">Connect Google Workspace or Microsoft 365, or import a CSV file</a>.`)
        : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Scrollable table"><table aria-busy=${String(loading)}>
            <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Title</th><th scope="col">Groups</th></tr></thead>
            <tbody data-testid="directory-rows">${rows.map(
              (u) => html`<tr><td><a href="/directory/users/${u.id}">${`${u.firstName} ${u.lastName}`.trim() || '—'}</a></td><td>${u.email}</td><td>${u.title}</td><td>${u.groups.join(', ')}</td></tr>`,
            )}</tbody></table></div>`}
      ${nextPageToken ? html`<button type="button" class="secondary" ?disabled=${loading} @click=${() => void this.load(false)}>${loading ? 'Loading…' : 'Load more'}</button>` : nothing}`;
  }
}
customElements.define('h-directory', Directory);
