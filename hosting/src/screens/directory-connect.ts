import { html, nothing } from 'lit';
import '../components/ownership-proof';
import { ApiError } from '../api';
import { confirmDialog, saveFile, toast } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { followJob } from '../core/jobs';
import { FormCheck } from '../core/form-check';
import { Resource } from '../core/resource';
import type { DirectorySettingsView, ImportResult, JobStarted, JobView, UserPage } from '../../../functions/src/api-types.js';
import { errorBox, formError, jobProgress, plural } from '../core/ui';
import { SOURCE_NAMES, switchConsequences } from '../core/source-switch';

type Source = DirectorySettingsView['source'];

const TEMPLATE = [
  'email,firstName,lastName,title,workPhone,mobilePhone,addresses,groups',
  'jane.doe@acme.example,Jane,Doe,Account Executive,+33 1 23 45 67 89,,1 Example Street 75001 Paris,Sales;Paris',
  'john.roe@acme.example,John,Roe,Engineer,,,,Engineering',
].join('\n');

interface State {
  source: Source | null;
  saving: boolean;
  error: unknown;
  saved: boolean;
  job: JobView | null;
  check: ImportResult | null;
  imported: ImportResult | null;
  importing: boolean;
  fileError: string | null;
  /** A refused import, shown in the import step only. */
  importError: unknown;
}

/** A guided connection: choose the source, prove ownership, enter its settings, run the first sync (or import a CSV). */
export class DirectoryConnect extends ScreenElement<State> {
  private readonly settings = new Resource(this, 'The directory settings', async () => {
    const s = await this.api<DirectorySettingsView>('/directory/settings');
    if (!this.state.source) this.set({ source: s.source });
    return s;
  });
  private readonly form = new FormCheck(this);
  private csv = '';

  private async saveSettings(ev: Event): Promise<void> {
    ev.preventDefault();
    const source = this.state.source!;
    const form = ev.target as HTMLFormElement;
    if (!this.form.check(form)) return this.set({ error: null });
    const d = new FormData(form);
    const current = this.settings.value?.source;
    if (current && current !== source && !(await this.confirmSwitch(current, source))) return;
    const body =
      source === 'google'
        ? { source, google: { customerId: String(d.get('customerId') ?? '').trim() || 'my_customer', adminEmail: String(d.get('adminEmail') ?? '').trim() } }
        : source === 'microsoft'
          ? { source, microsoft: { tenantId: String(d.get('msTenantId') ?? '').trim() } }
          : { source };
    this.set({ saving: true, error: null });
    try {
      this.settings.value = await this.api<DirectorySettingsView>('/directory/settings', { method: 'PUT', json: body });
      this.set({ saved: true });
      this.form.clear();
      toast(source === 'csv' ? 'The directory now comes from CSV files.' : 'Saved. Run the first sync.');
    } catch (err) {
      this.set({ error: this.form.fromApi(err, form) ? null : err });
    }
    this.set({ saving: false });
  }

  /** Switching the source asks first, saying what happens to the people already in the directory. */
  private async confirmSwitch(from: Source, to: Source): Promise<boolean> {
    let hasPeople = true;
    try {
      hasPeople = (await this.api<UserPage>('/users?limit=1')).users.length > 0;
    } catch {
      // Unknown: say what happens to the people there may be.
    }
    return confirmDialog({
      title: `Switch the directory from ${SOURCE_NAMES[from]} to ${SOURCE_NAMES[to]}?`,
      body: switchConsequences(from, to, hasPeople),
      confirm: `Switch to ${SOURCE_NAMES[to]}`,
    });
  }

  private async firstSync(): Promise<void> {
    this.set({ error: null });
    try {
      const { jobId } = await this.api<JobStarted>('/directory/sync', { method: 'POST', json: {} });
      await followJob(this.api, jobId, (job) => this.set({ job }));
    } catch (err) {
      this.set({ error: err });
    }
  }

  private async upload(dryRun: boolean, applyValid = false, confirmRemovals?: number): Promise<void> {
    if (!this.csv) return this.set({ fileError: 'Choose a CSV file first.' });
    this.set({ importing: true, fileError: null, importError: null, ...(dryRun ? { check: null, imported: null } : {}) });
    const removeAbsent = this.querySelector<HTMLInputElement>('input[name=removeAbsent]')?.checked ?? false;
    try {
      const params = new URLSearchParams({ dryRun: String(dryRun), applyValid: String(applyValid), removeAbsent: String(removeAbsent), ...(confirmRemovals ? { confirmRemovals: String(confirmRemovals) } : {}) });
      const r = await this.api<ImportResult>(`/directory/import?${params}`, { method: 'POST', body: this.csv, headers: { 'Content-Type': 'text/csv' } });
      this.set(dryRun ? { check: r } : { imported: r });
    } catch (err) {
      this.set({ importError: err });
    }
    this.set({ importing: false });
  }

  override render() {
    return html`<p><a href="/directory">← Directory</a></p><h1>Connect the directory</h1>${this.settings.render((s) => this.renderSteps(s))}`;
  }

  private renderSteps(current: DirectorySettingsView) {
    const source = this.state.source ?? current.source;
    const { saving, error } = this.state;
    const choice = (value: Source, title: string, text: string) =>
      html`<label class="choice ${source === value ? 'chosen' : ''}"><input type="radio" name="source" value=${value} .checked=${source === value}
        @change=${() => {
          this.form.clear();
          this.set({ source: value, saved: false, error: null });
        }} /><strong>${title}</strong><span class="muted">${text}</span></label>`;
    return html`
      <ol class="steps">
        <li id="step-source"><h2>Where does your directory live?</h2>
          ${who('an admin or an owner of Herald.')}
          <div class="choices" role="radiogroup" aria-label="Directory source">
            ${choice('google', 'Google Workspace', 'Synced daily through the Admin SDK (read-only).')}
            ${choice('microsoft', 'Microsoft 365', 'Synced daily through Microsoft Graph, incrementally.')}
            ${choice('csv', 'CSV file', 'Herald’s template, or a Google Admin / Microsoft 365 export.')}
          </div>
        </li>
        <li id="step-proof"><h2>Prove it is yours</h2><h-ownership-proof .api=${this.api} .source=${source} .canAct=${this.ctx.me.role === 'owner'}></h-ownership-proof></li>
        <li id="step-settings"><h2>${source === 'csv' ? 'Use CSV files' : 'Settings'}</h2>
          ${who(source === 'csv' ? 'an admin or an owner of Herald.' : `an admin or an owner of Herald, once an owner has connected ${SOURCE_NAMES[source]} in the step above.`)}
          ${source !== current.source ? html`<p class="muted" data-testid="switch-note">Today your directory comes from ${SOURCE_NAMES[current.source]}. Before switching, Herald asks you to confirm and says what happens to the people already there.</p>` : nothing}
          <form class="stack" novalidate @submit=${(ev: Event) => void this.saveSettings(ev)} @input=${this.form.onInput}>
            ${this.form.summary()}
            ${formError(error, ['google', 'microsoft', 'source'])}
            ${source === 'google'
              ? html`<label>Customer id (my_customer: the admin's own organisation) <input name="customerId" data-field="google.customerId" .value=${current.google?.customerId ?? 'my_customer'} aria-describedby="err-cust" aria-invalid=${this.form.invalid('google.customerId')} />${this.form.field('google.customerId', 'err-cust')}</label>
                <label>An admin's email (Herald reads the directory as this admin, read-only) <input type="email" name="adminEmail" data-field="google.adminEmail" required data-what="the email address of a Google Workspace admin" .value=${current.google?.adminEmail ?? ''} aria-describedby="err-admin" aria-invalid=${this.form.invalid('google.adminEmail')} />${this.form.field('google.adminEmail', 'err-admin')}</label>`
              : source === 'microsoft'
                ? html`<label>Microsoft 365 tenant id (Entra admin center → Overview) <input name="msTenantId" data-field="microsoft.tenantId" required data-what="your Microsoft 365 tenant id" .value=${current.microsoft?.tenantId ?? ''} placeholder="00000000-0000-0000-0000-000000000000" aria-describedby="err-ms" aria-invalid=${this.form.invalid('microsoft.tenantId')} />${this.form.field('microsoft.tenantId', 'err-ms')}</label>`
                : html`<p class="muted">People come only from the files you import; nothing is synced.</p>`}
            <div class="row"><button type="submit" ?disabled=${saving}>${saving ? 'Saving…' : source === current.source && source === 'csv' ? 'Keep CSV files' : `Use ${source === 'google' ? 'Google Workspace' : source === 'microsoft' ? 'Microsoft 365' : 'CSV files'}`}</button></div>
          </form>
        </li>
        ${source === 'csv' && (current.source === 'csv') ? this.renderCsv() : nothing}
        ${source !== 'csv' && current.source === source && (this.state.saved || current.google || current.microsoft)
          ? html`<li id="step-sync"><h2>First sync</h2>${who('an admin or an owner of Herald.')}
              <button type="button" @click=${() => void this.firstSync()} ?disabled=${['queued', 'running'].includes(this.state.job?.status ?? '')}>Sync now</button>
              ${jobProgress(this.state.job, 'Sync')}
              ${this.state.job?.status === 'done' ? html`<p><a href="/directory">See the directory</a></p>` : nothing}</li>`
          : nothing}
      </ol>`;
  }

  private renderCsv() {
    const { check, imported, importing, fileError, importError: error } = this.state;
    const summary = (r: ImportResult, dry: boolean) =>
      `${dry ? 'Would create' : 'Created'} ${r.created}, ${dry ? 'update' : 'updated'} ${r.updated}, ${r.unchanged} unchanged, ${dry ? 'remove' : 'removed'} ${r.removed}.`;
    return html`<li id="step-import"><h2>Import a file</h2>${who('an admin or an owner of Herald.')}
      <p class="muted">Columns of Herald's template: email, firstName, lastName, title, workPhone, mobilePhone, addresses and groups (several separated by ;).</p>
      <button type="button" class="secondary" @click=${() => saveFile(TEMPLATE, 'herald-directory-template.csv', 'text/csv')}>Download the CSV template</button>
      <div class="stack">
        <label>CSV file <input type="file" accept=".csv,text/csv" aria-describedby="err-file" @change=${async (ev: Event) => {
          this.csv = (await (ev.target as HTMLInputElement).files?.[0]?.text()) ?? '';
          this.set({ check: null, imported: null, fileError: null });
        }} />${fileError ? html`<span class="field-error" id="err-file" role="alert">${fileError}</span>` : nothing}</label>
        <label class="inline"><input type="checkbox" name="removeAbsent" /> Remove people missing from the file</label>
        <div class="row"><button type="button" ?disabled=${importing} @click=${() => void this.upload(true)}>${importing ? 'Checking…' : 'Check the file'}</button></div>
      </div>
      ${error instanceof ApiError && error.fix === 'confirm_removals' && check?.removed
        ? html`<p class="error" role="alert">${error.plain}</p>
            <button type="button" class="danger" ?disabled=${importing} @click=${() => void this.upload(false, check.errors.length > 0, check.removed)}>Remove these ${plural(check.removed, 'person', 'people')} and import</button>`
        : error && !(error instanceof ApiError && error.fields.length) ? errorBox(error) : nothing}
      ${check
        ? html`<div class="panel" data-testid="import-check">
            <p>${summary(check, true)}</p>
            ${check.errors.length
              ? html`<p class="error">${plural(check.errors.length, 'row has a problem', 'rows have problems')}:</p>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Scrollable table"><table data-testid="import-errors"><thead><tr><th scope="col">Row</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead>
                <tbody>${check.errors.slice(0, 100).map((e) => html`<tr><td>${e.row}</td><td>${e.field}</td><td>${e.message}</td></tr>`)}</tbody></table></div>
                <div class="row"><button type="button" ?disabled=${importing || Boolean(imported)} @click=${() => void this.upload(false, true)}>Import the valid rows only</button>
                <span class="muted">or correct the file and check it again. With errors, nobody is removed.</span></div>`
              : html`<button type="button" ?disabled=${importing || Boolean(imported)} @click=${() => void this.upload(false)}>Import</button>`}
          </div>`
        : nothing}
      ${imported ? html`<p role="status" data-testid="import-result">${summary(imported, false)} <a href="/directory">See the directory</a></p>` : nothing}
    </li>`;
  }
}
customElements.define('h-directory-connect', DirectoryConnect);

/** Who may do a step, in words. */
const who = (text: string) => html`<p class="step-who" data-testid="who"><strong>Who:</strong> ${text}</p>`;
