import { html, nothing } from 'lit';
import { messageOf } from '../api';
import { directoryGroups } from '../core/directory-groups';
import { ScreenElement } from '../core/element';
import { followJob } from '../core/jobs';
import { Resource } from '../core/resource';
import type { AliasView, DeploymentList, DeploymentView, DirectorySettingsView, DriftView, GmailCheckView, GmailSetupView, JobStarted, JobView, UserView } from '../../../functions/src/api-types.js';
import { toast } from '../core/dialog';
import { empty, fieldError, jobProgress, when } from '../core/ui';

/** Gmail's HTTP status, in words an admin can act on. */
function gmailReason(status: number | null): string {
  switch (status) {
    case 400: return 'Gmail refused the signature (400: invalid, e.g. too long)';
    case 401: case 403: return `Herald is not allowed to change this mailbox (${status}: check domain-wide delegation)`;
    case 404: return 'No Gmail mailbox for this address (404)';
    case 429: return 'Gmail rate limit (429): the next push retries';
    case null: return 'failed';
    default: return status >= 500 ? `Gmail was unavailable (${status}): the next push retries` : `Gmail answered ${status}`;
  }
}

interface Row {
  user: UserView;
  deployment: DeploymentView | null;
}

type Filter = 'all' | 'failed' | 'deployed' | 'drifted' | 'none';

/** A change someone made in Gmail by hand, and what Herald did about it, in words. */
function driftNote(drift: DriftView | null) {
  if (!drift) return nothing;
  return html` <span class="badge ${drift.action === 'restored' ? 'running' : 'failed'}">changed in Gmail</span> ${drift.action === 'restored' ? 'Herald put its signature back' : 'left as it is (only reported)'} ${when(drift.at)}`;
}

/** One of a person's other Gmail addresses (an alias), in words. */
function aliasLine(a: AliasView) {
  const status =
    a.status === 'deployed'
      ? html`<span class="badge running">deployed</span>`
      : a.status === 'skipped_unverified'
        ? html`<span class="badge">skipped</span> <span class="muted">not on one of your verified domains, or not verified in Gmail: Herald never writes here</span>`
        : html`<span class="badge failed">failed</span> ${a.reason === 'signature_too_large' ? 'not sent: this signature would be too long' : a.reason === 'image_not_https' ? 'not sent: an image is not at an https:// address' : gmailReason(a.errorStatus)}`;
  return html`<li><span class="address">${a.address}</span> ${status}${driftNote(a.drift)}</li>`;
}

const drifted = (d: DeploymentView | null) => !!d && (!!d.drift || d.aliases.some((a) => a.drift));

/** Push signatures to Gmail with progress, and where each person's signature stands. */
export class DeploymentScreen extends ScreenElement<{ job: JobView | null; error: unknown; filter: Filter; checking: boolean; check: GmailCheckView | null; checkError: unknown; savingPolicy: boolean; policyError: unknown }> {
  private readonly settings = new Resource(this, 'The directory settings', () => this.api<DirectorySettingsView>('/directory/settings'));
  private readonly gmail = new Resource(this, 'The Gmail setup', () => this.api<GmailSetupView>('/signatures/gmail-setup'));

  private async check(ev: Event): Promise<void> {
    ev.preventDefault();
    const adminEmail = String(new FormData(ev.target as HTMLFormElement).get('adminEmail') ?? '').trim();
    this.set({ checking: true, check: null, checkError: null });
    try {
      this.set({ checking: false, check: await this.api<GmailCheckView>('/signatures/gmail-check', { method: 'POST', json: { adminEmail } }) });
    } catch (err) {
      this.set({ checking: false, checkError: err });
    }
  }

  private async copy(text: string, what: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      toast(`${what} copied.`);
    } catch {
      toast(`The browser refused the clipboard; select the ${what.toLowerCase()} and copy it.`);
    }
  }

  /** The super admin's steps: what to paste into domain-wide delegation, then one real call to check it. */
  private renderDelegation(setup: GmailSetupView) {
    const { checking, check, checkError } = this.state;
    const scopes = setup.scopes.join(',');
    const suggested = this.ctx.me.email ?? '';
    return html`<section class="panel stack" aria-labelledby="delegation-title" data-testid="gmail-delegation">
      <h2 id="delegation-title">Allow Herald to write Gmail signatures</h2>
      <p>Your Google Workspace <strong>super admin</strong> does this once, in the Google Admin console.</p>
      <ol class="steps">
        <li>Sign in to the <a href="https://admin.google.com/ac/owl/domainwidedelegation" target="_blank" rel="noopener">Google Admin console</a> and open <em>Security → Access and data control → API controls → Manage domain-wide delegation</em>.</li>
        <li>Click <em>Add new</em> and paste Herald's client ID:
          <div class="copyable"><code data-testid="delegation-client-id">${setup.clientId ?? 'not available'}</code>${setup.clientId ? html`<button type="button" class="secondary" @click=${() => void this.copy(setup.clientId!, 'Client ID')}>Copy client ID</button>` : nothing}</div></li>
        <li>In <em>OAuth scopes</em>, paste exactly these, separated by commas:
          <div class="copyable"><code data-testid="delegation-scopes">${scopes}</code><button type="button" class="secondary" @click=${() => void this.copy(scopes, 'Scopes')}>Copy scopes</button></div>
          <span class="muted">Reading users and groups (read-only) and changing Gmail signatures; nothing else.</span></li>
        <li>Click <em>Authorise</em>. Google may take a few minutes to apply it.</li>
      </ol>
      <form class="row" @submit=${(ev: Event) => void this.check(ev)}>
        <label>Check as (an address of your Workspace) <input type="email" name="adminEmail" required .value=${suggested} aria-describedby="err-check-email" />${fieldError(checkError, 'adminEmail', 'err-check-email')}</label>
        <button type="submit" ?disabled=${checking}>${checking ? 'Checking…' : 'Check'}</button>
      </form>
      <div role="status" aria-live="polite" data-testid="delegation-result">
        ${check ? html`<div class="check-result ${check.ok ? 'ok' : 'bad'}"><p><strong>${check.ok ? '✓ Ready' : '✗ Not ready'}:</strong> ${check.message}</p>${check.advice ? html`<p>${check.advice}</p>` : nothing}</div>` : nothing}
        ${checkError && !(checkError as { fields?: unknown[] }).fields?.length ? html`<p class="error" role="alert">${messageOf(checkError)}</p>` : nothing}
      </div>
    </section>`;
  }
  private readonly rows = new Resource<Row[]>(this, 'The deployment status', async () => {
    const [{ users }, { deployments }] = await Promise.all([directoryGroups(this.api), this.api<DeploymentList>('/signatures/deployments?limit=500')]);
    const byUser = new Map(deployments.map((d) => [d.userId, d]));
    return users.map((user) => ({ user, deployment: byUser.get(user.id) ?? null }));
  });

  private async setPolicy(policy: 'restore' | 'report'): Promise<void> {
    this.set({ savingPolicy: true, policyError: null });
    try {
      await this.api('/tenant/settings', { method: 'PATCH', json: { gmailDriftPolicy: policy } });
      await this.ctx.refreshTenant();
      toast(policy === 'restore' ? 'Herald will put its signature back.' : 'Herald will only list changed signatures.');
      this.set({ savingPolicy: false });
    } catch (err) {
      this.set({ savingPolicy: false, policyError: err });
    }
  }

  /** What the daily check does with a signature someone changed in Gmail; only an admin changes it. */
  private renderPolicy() {
    const policy = this.ctx.tenant.settings.gmailDriftPolicy ?? 'report';
    const { savingPolicy, policyError } = this.state;
    return html`<fieldset class="stack" data-testid="drift-policy" ?disabled=${savingPolicy}>
      <legend>When someone changes their signature in Gmail</legend>
      <p class="muted">Every day Herald reads back each signature it wrote and compares it with what it wrote (it keeps a fingerprint, not a copy).</p>
      <label class="inline"><input type="radio" name="driftPolicy" value="report" .checked=${policy === 'report'} @change=${() => void this.setPolicy('report')} /> Only list it here</label>
      <label class="inline"><input type="radio" name="driftPolicy" value="restore" .checked=${policy === 'restore'} @change=${() => void this.setPolicy('restore')} /> Put Herald's signature back</label>
      ${policyError ? html`<p class="error" role="alert">${messageOf(policyError)}</p>` : nothing}
    </fieldset>`;
  }

  private async push(force: boolean): Promise<void> {
    this.set({ error: null, job: null });
    try {
      const { jobId } = await this.api<JobStarted>('/signatures/deploy', { method: 'POST', json: { force } });
      await followJob(this.api, jobId, (job) => this.set({ job }));
      await this.rows.reload();
    } catch (err) {
      this.set({ error: err });
    }
  }

  override render() {
    const { job, error } = this.state;
    const filter = this.state.filter ?? 'all';
    const running = ['queued', 'running'].includes(job?.status ?? '');
    return html`<h1>Deployment</h1>
      ${this.settings.render((s) =>
        s.source === 'microsoft'
          ? html`<section class="panel"><h2>Outlook</h2><p>Microsoft 365 has no signature API: employees get their signature from the Herald Outlook add-in. <a href="/addins/outlook">Deploy the Outlook add-in</a>.</p></section>`
          : s.source === 'csv'
            ? html`<section class="panel" data-testid="gmail-csv"><h2>Gmail and Outlook</h2><p>Your directory comes from CSV files: Herald pushes signatures to Gmail only for a Google Workspace directory. Employees copy their signature from <em>My signature</em>, or get it from the <a href="/addins/outlook">Outlook add-in</a>; to push to Gmail, <a href="/directory/connect">connect Google Workspace</a>.</p></section>`
            : this.gmail.render((setup) =>
              !setup.available
                ? html`<section class="panel" aria-labelledby="gmail-title" data-testid="gmail-unavailable"><h2 id="gmail-title">Gmail</h2>
                    <p>Pushing signatures to Gmail is not set up in this Herald region: that is the operator’s configuration, not something you can change. Ask Herald support to enable it; meanwhile employees can copy their signature from <em>My signature</em>.</p></section>`
                : html`${this.renderDelegation(setup)}<section class="panel" aria-labelledby="gmail-title"><h2 id="gmail-title">Push to Gmail</h2>
              <p class="muted">Herald writes each person's signature into their Gmail settings (domain-wide delegation). Only changed signatures are pushed; a daily push keeps campaigns current${this.ctx.tenant.settings.gmailSignatures ? '' : ' (automatic pushes are off in the settings)'}.</p>
              <div class="row">
                <button type="button" ?disabled=${running} @click=${() => void this.push(false)}>${running ? 'Pushing…' : 'Push to Gmail'}</button>
                <button type="button" class="secondary" ?disabled=${running} @click=${() => void this.push(true)}>Push all again</button>
              </div>
              ${jobProgress(job, 'Push to Gmail')}
              ${error ? html`<p class="error" role="alert">${messageOf(error)}</p>` : nothing}
              ${this.renderPolicy()}
            </section>`,
            ),
      )}
      <h2>Per person</h2>
      ${this.rows.render((rows) => {
        const state = (r: Row) => (r.deployment ? r.deployment.status : 'none');
        const matches = (r: Row, f: Filter) => f === 'all' || (f === 'drifted' ? drifted(r.deployment) : state(r) === f);
        const shown = rows.filter((r) => matches(r, filter));
        const count = (f: Filter) => rows.filter((r) => matches(r, f)).length;
        const label = (f: Filter) => (f === 'all' ? `All (${rows.length})` : f === 'none' ? `Not deployed (${count('none')})` : f === 'drifted' ? `Changed in Gmail (${count('drifted')})` : `${f[0]!.toUpperCase()}${f.slice(1)} (${count(f)})`);
        return rows.length === 0
          ? empty('No one to deploy to', html`<a href="/directory/connect">Connect the directory</a> first.`)
          : html`<div class="segmented" role="group" aria-label="Show">
              ${(['all', 'failed', 'deployed', 'drifted', 'none'] as const).map((f) => html`<button type="button" class="secondary" aria-pressed=${String(f === filter)} @click=${() => this.set({ filter: f })}>${label(f)}</button>`)}
            </div>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Scrollable table"><table data-testid="deployments">
              <thead><tr><th scope="col">Person</th><th scope="col">Status</th><th scope="col">When</th></tr></thead>
              <tbody>${shown.map(
                (r) => html`<tr><td><a href="/directory/users/${r.user.id}">${`${r.user.firstName} ${r.user.lastName}`.trim() || r.user.email}</a></td>
                  <td>${r.deployment?.status === 'deployed' ? html`<span class="badge running">deployed</span>` : r.deployment ? html`<span class="badge failed">failed</span> ${r.deployment.reason === 'signature_too_large' ? 'not sent: this signature would be too long (preview it for the reason)' : r.deployment.reason === 'image_not_https' ? 'not sent: its template shows an image that is not at an https:// address, which Gmail drops (edit the template to upload the image)' : gmailReason(r.deployment.errorStatus)}` : html`<span class="muted">not deployed yet${this.settings.value?.source === 'microsoft' ? ' (not applicable: Outlook add-in)' : ''}</span>`}${driftNote(r.deployment?.drift ?? null)}
                  ${r.deployment?.aliases.length ? html`<ul class="aliases" aria-label="Other addresses of ${r.user.email}">${r.deployment.aliases.map(aliasLine)}</ul>` : nothing}</td>
                  <td>${when(r.deployment?.at)}</td></tr>`,
              )}</tbody></table></div>`;
      })}`;
  }
}
customElements.define('h-deployment', DeploymentScreen);
