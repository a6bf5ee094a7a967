import { html, nothing } from 'lit';
import { messageOf } from '../api';
import '../components/compliance-pack';
import { confirmDialog, saveFile, toast } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { followJob } from '../core/jobs';
import { Resource } from '../core/resource';
import type {
  AccessReviewView,
  CampaignList,
  DeletionList,
  DeletionView,
  JobView,
  MemberList,
  PurgeStarted,
  Register,
  RetentionView,
} from '../../../functions/src/api-types.js';
import '../components/tenant-export';
import { empty, errorBox, fieldError, jobProgress, when } from '../core/ui';
import '../components/privacy-requests';

/** The retention shown: read from the tenant's settings, with the product maxima once a PATCH has answered them. */
type Retention = Omit<RetentionView, 'maximum'> & { maximum: RetentionView['maximum'] | null };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SUBJECT: Record<DeletionView['subject']['kind'], string> = { users: 'people', recipient: 'recipient', campaign: 'campaign', tenant: 'whole tenant' };

interface State {
  purgeJob: JobView | null;
  purgeError: unknown;
  purging: string | null;
  inputError: string | null;
  retentionError: unknown;
}

/** Privacy operations: erasure (people, a recipient, a campaign) with certificates, export, retention, access review, register. */
export class Privacy extends ScreenElement<State> {
  private readonly deletions = new Resource(this, 'The deletion requests', async () => (await this.api<DeletionList>('/privacy/deletions')).deletions);
  private readonly register = new Resource(this, 'The record of processing', () => this.api<Register>('/privacy/register'));
  /** Read from the tenant's settings (a PATCH answers the product maxima too). */
  private readonly retention = new Resource<Retention>(this, 'The retention settings', async () => ({
    auditRetentionDays: this.ctx.tenant.settings.auditRetentionDays,
    recipientClickRetentionDays: this.ctx.tenant.settings.recipientTracking.retentionDays,
    maximum: null,
  }));
  private readonly review = new Resource(this, 'The access review', () => this.api<AccessReviewView>('/privacy/access-review'));
  private readonly campaigns = new Resource(this, 'The campaigns', async () => (await this.api<CampaignList>('/campaigns')).campaigns);
  /** Account names for the access review (admins see who holds which role). */
  private readonly members = new Resource(this, 'The members', async () => new Map((await this.api<MemberList>('/members')).members.map((m) => [m.uid, m.email ?? m.uid])));

  /** Validate, then confirm, then run the job and show its progress; the certificate list refreshes when it ends. */
  private async purge(kind: 'users' | 'recipient' | 'campaign', form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    let body: unknown;
    let what: string;
    if (kind === 'users') {
      const emails = String(data.get('emails') ?? '').split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
      const bad = emails.filter((e) => !EMAIL.test(e));
      if (emails.length === 0) return this.set({ inputError: 'users:Enter at least one email address.' });
      if (bad.length) return this.set({ inputError: `users:Not an email address: ${bad.join(', ')}` });
      body = { emails };
      what = `all data of ${emails.length === 1 ? emails[0] : `${emails.length} people`}`;
    } else if (kind === 'recipient') {
      const email = String(data.get('recipient') ?? '').trim();
      if (!EMAIL.test(email)) return this.set({ inputError: 'recipient:Enter the recipient’s email address.' });
      body = { email };
      what = `the recorded clicks of ${email}`;
    } else {
      const campaignId = String(data.get('campaignId') ?? '');
      if (!campaignId) return this.set({ inputError: 'campaign:Choose a campaign.' });
      body = { campaignId };
      what = 'this campaign with its counters and clicks';
    }
    this.set({ inputError: null, purgeError: null });
    if (!(await confirmDialog({ title: 'Erase for good?', body: `Erase ${what}? This cannot be undone; a certificate records what was erased.`, confirm: 'Erase', danger: true }))) return;
    this.set({ purging: kind });
    try {
      const path = kind === 'users' ? '/privacy/purge' : `/privacy/purge/${kind}`;
      const { jobId } = await this.api<PurgeStarted>(path, { method: 'POST', json: body });
      const job = await followJob(this.api, jobId, (j) => this.set({ purgeJob: j }));
      if (job.status === 'done') {
        form.reset();
        toast('Erasure done. The certificate is below.');
      }
      await Promise.all([this.deletions.reload(), kind === 'campaign' ? this.campaigns.reload() : undefined]);
    } catch (err) {
      this.set({ purgeError: err });
    }
    this.set({ purging: null });
  }

  private async download(path: string, name: string, type = 'application/octet-stream'): Promise<void> {
    const res = await this.api.raw(path);
    saveFile(await res.blob(), name, type);
  }

  private async saveRetention(ev: Event): Promise<void> {
    ev.preventDefault();
    const data = new FormData(ev.target as HTMLFormElement);
    this.set({ retentionError: null });
    try {
      this.retention.value = await this.api<RetentionView>('/privacy/retention', {
        method: 'PATCH',
        json: { auditRetentionDays: Number(data.get('auditRetentionDays')), recipientClickRetentionDays: Number(data.get('recipientClickRetentionDays')) },
      });
      await this.ctx.refreshTenant();
      toast('Retention saved.');
      this.requestUpdate();
    } catch (err) {
      this.set({ retentionError: err });
    }
  }

  private inputError(kind: string) {
    const e = this.state.inputError;
    return e?.startsWith(`${kind}:`) ? html`<span class="field-error" id="err-${kind}" role="alert">${e.slice(kind.length + 1)}</span>` : nothing;
  }

  override render() {
    const s = this.state;
    return html`<h1>Privacy</h1>
      ${this.register.render((r) => html`<p class="muted">All of this tenant's data is stored in ${r.region.location}.</p>`, 'Loading…')}
      <h-privacy-requests .api=${this.api}></h-privacy-requests>
      <p><a href="/privacy/incidents">Security incidents</a>: breaches Herald notified you of, with their timelines and an export.</p>

      <section class="panel" aria-labelledby="erase-title">
        <h2 id="erase-title">Erase data</h2>
        <form class="stack" novalidate @submit=${(ev: Event) => { ev.preventDefault(); void this.purge('users', ev.target as HTMLFormElement); }}>
          <label>Email addresses of people to erase (one per line)
            <textarea name="emails" rows="3" aria-describedby="err-users" placeholder="jane.doe@acme.example"></textarea>
            ${this.inputError('users')}</label>
          <p class="muted">Everything Herald holds about them goes: directory record, assignments, counters, receipts, clicks they sent.</p>
          <div class="row"><button type="submit" class="danger" ?disabled=${Boolean(s.purging)}>Erase</button></div>
        </form>
        <form class="stack" novalidate @submit=${(ev: Event) => { ev.preventDefault(); void this.purge('recipient', ev.target as HTMLFormElement); }}>
          <label>An external recipient's email address (their recorded clicks)
            <input name="recipient" type="email" aria-describedby="err-recipient" placeholder="someone@customer.example" />
            ${this.inputError('recipient')}</label>
          <div class="row"><button type="submit" class="danger" ?disabled=${Boolean(s.purging)}>Erase recipient</button></div>
        </form>
        <form class="stack" novalidate @submit=${(ev: Event) => { ev.preventDefault(); void this.purge('campaign', ev.target as HTMLFormElement); }}>
          <label>A campaign, with its counters and clicks
            <select name="campaignId" aria-describedby="err-campaign">
              <option value="">Choose…</option>
              ${(this.campaigns.value ?? []).map((c) => html`<option value=${c.id}>${c.name}</option>`)}
            </select>
            ${this.inputError('campaign')}</label>
          <div class="row"><button type="submit" class="danger" ?disabled=${Boolean(s.purging)}>Erase campaign</button></div>
        </form>
        ${jobProgress(s.purgeJob, 'Erasure')}
        ${s.purgeError ? errorBox(s.purgeError) : nothing}
      </section>

      <h2>Deletion certificates</h2>
      ${this.deletions.render((list) =>
        list.length === 0
          ? empty('No erasures yet', 'Each erasure leaves a certificate here: what was erased, when, on whose instruction; never who.')
          : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Scrollable table"><table data-testid="deletions">
              <thead><tr><th scope="col">Requested</th><th scope="col">Subject</th><th scope="col">Reason</th><th scope="col">Status</th><th scope="col">Erased</th><th scope="col"></th></tr></thead>
              <tbody>${list.map(
                (d) => html`<tr>
                  <td>${when(d.requestedAt)}</td>
                  <td>${d.subject.count} ${SUBJECT[d.subject.kind] ?? d.subject.kind}</td>
                  <td>${d.reason.replace(/_/g, ' ')}</td>
                  <td>${d.status}${d.verified ? ' · verified' : ''}</td>
                  <td>${Object.entries(d.collections).filter(([, n]) => n.deleted + n.pseudonymised > 0).map(([c, n]) => `${c}: ${n.deleted} deleted${n.pseudonymised ? `, ${n.pseudonymised} pseudonymised` : ''}`).join('; ') || '—'}</td>
                  <td><a href="/privacy/deletions/${d.id}">Certificate</a></td>
                </tr>`,
              )}</tbody></table></div>`,
      )}

      <section class="panel" aria-labelledby="export-title">
        <h2 id="export-title">Export all data</h2>
        <h-tenant-export .api=${this.api}></h-tenant-export>
      </section>

      <section class="panel" aria-labelledby="retention-title">
        <h2 id="retention-title">Retention</h2>
        ${this.retention.render(
          (r) => html`<form class="stack" @submit=${(ev: Event) => void this.saveRetention(ev)}>
            <label>Keep audit entries (days${r.maximum ? `, at most ${r.maximum.auditRetentionDays}` : ''})
              <input type="number" name="auditRetentionDays" min="30" .value=${String(r.auditRetentionDays)} aria-describedby="err-audit-ret" />
              ${fieldError(s.retentionError, 'auditRetentionDays', 'err-audit-ret')}</label>
            <label>Keep recipient clicks (days${r.maximum ? `, at most ${r.maximum.recipientClickRetentionDays}` : ''})
              <input type="number" name="recipientClickRetentionDays" min="1" .value=${String(r.recipientClickRetentionDays)} aria-describedby="err-rc-ret" />
              ${fieldError(s.retentionError, 'recipientClickRetentionDays', 'err-rc-ret')}</label>
            <div class="row"><button type="submit">Save retention</button></div>
          </form>`,
        )}
      </section>

      <section class="panel" aria-labelledby="review-title">
        <h2 id="review-title">Access review</h2>
        ${this.review.render((r) =>
          !r.review
            ? empty('No review yet', 'The monthly access review runs on the first of each month and lists every role with its last activity.')
            : html`<p class="muted">Review of ${r.review}. Inactive owners and admins are flagged: remove roles nobody uses on the Members page.</p>
              <div class="table-wrap" tabindex="0" role="region" aria-label="Scrollable table"><table><thead><tr><th scope="col">Account</th><th scope="col">Role</th><th scope="col">Last action</th><th scope="col">Last sign-in</th><th scope="col">Flag</th></tr></thead>
              <tbody>${r.accounts.map((a) => html`<tr><td>${this.members.value?.get(a.uid) ?? a.uid}</td><td>${a.role}</td><td>${when(a.lastActedAt)}</td><td>${when(a.lastSignInAt)}</td><td>${a.flagged ? html`<strong>inactive</strong>` : ''}</td></tr>`)}</tbody></table></div>`,
        )}
      </section>

      <h-compliance-pack .api=${this.api}></h-compliance-pack>

      ${this.register.render(
        (r) => html`<h2>${r.title}</h2>
          <button type="button" class="secondary" @click=${() => void this.download('/privacy/register?format=markdown', 'record-of-processing.md', 'text/markdown')}>Download as Markdown</button>
          <div class="table-wrap" tabindex="0" role="region" aria-label="Scrollable table"><table>
            <thead><tr><th scope="col">Data</th><th scope="col">Personal data</th><th scope="col">Purpose</th><th scope="col">Legal basis</th><th scope="col">Retention</th></tr></thead>
            <tbody>${r.activities.map((a) => html`<tr><td>${a.description}</td><td>${a.personalData.map((p) => p.label).join(', ') || 'none'}</td><td>${a.purpose}</td><td>${a.legalBasis.text}</td><td>${a.retention}</td></tr>`)}</tbody>
          </table></div>`,
      )}`;
  }
}
customElements.define('h-privacy', Privacy);
