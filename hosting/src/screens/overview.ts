import { html, nothing } from 'lit';
import { messageOf } from '../api';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import { toast } from '../core/dialog';
import type { AddinUsage, AssignmentList, CampaignList, DeploymentList, DirectorySettingsView, TemplateList, UserPage } from '../../../functions/src/api-types.js';
import { hasRole } from '../roles';
import '../components/destination-hosts';
import '../components/employee-home';

interface Checklist {
  directory: boolean;
  template: boolean;
  campaign: boolean;
  deployed: boolean;
  source: DirectorySettingsView['source'];
}

/** The tenant at a glance; for admins, the onboarding checklist and the tenant's settings; for an employee, their home. */
export class Overview extends ScreenElement<{ saving: boolean; error: unknown }> {
  private readonly checklist = new Resource<Checklist | null>(this, 'The getting-started checklist', async () => {
    if (!hasRole(this.ctx.me.role, 'admin')) return null;
    const [settings, users, templates, assignments, campaigns] = await Promise.all([
      this.api<DirectorySettingsView>('/directory/settings'),
      this.api<UserPage>('/users?limit=1'),
      this.api<TemplateList>('/templates'),
      this.api<AssignmentList>('/template-assignments'),
      this.api<CampaignList>('/campaigns'),
    ]);
    return {
      directory: users.users.length > 0,
      template: templates.templates.length > 0 && assignments.assignments.length > 0,
      campaign: campaigns.campaigns.length > 0,
      deployed: await this.signaturesReachMailboxes(settings.source),
      source: settings.source,
    };
  });

  /**
   * The last step follows the tenant's platform: Gmail, at least one signature pushed (a failed
   * push is not done); Outlook (Microsoft 365, or CSV tenants' employees), the add-in used by a first employee.
   */
  private async signaturesReachMailboxes(source: DirectorySettingsView['source']): Promise<boolean> {
    if (source === 'google') return (await this.api<DeploymentList>('/signatures/deployments?status=deployed&limit=1')).deployments.length > 0;
    return (await this.api<AddinUsage>('/addins/outlook/usage')).days.some((d) => d.employees > 0);
  }

  private async save(ev: Event): Promise<void> {
    ev.preventDefault();
    const form = new FormData(ev.target as HTMLFormElement);
    this.set({ saving: true, error: null });
    try {
      await this.api('/tenant/settings', {
        method: 'PATCH',
        json: {
          fallbackUrl: String(form.get('fallbackUrl') ?? '').trim() || null,
          gmailSignatures: form.get('gmailSignatures') === 'on',
          recipientTracking: { enabled: form.get('recipientTracking') === 'on' },
          utm: {
            enabled: form.get('utmEnabled') === 'on',
            source: String(form.get('utmSource') ?? '').trim() || 'herald',
            medium: String(form.get('utmMedium') ?? '').trim() || 'email-signature',
          },
        },
      });
      await this.ctx.refreshTenant();
      toast('Saved.');
      this.set({ saving: false });
    } catch (err) {
      this.set({ saving: false, error: err });
    }
  }

  override render() {
    const { me, tenant } = this.ctx;
    // An employee's home is their own signature, whether it is installed, and their notifications.
    if (!hasRole(me.role, 'viewer')) return html`<h-employee-home .api=${this.api} .me=${me}></h-employee-home>`;
    const admin = hasRole(me.role, 'admin');
    return html`
      <h1>${tenant.name}</h1>
      ${admin ? this.checklist.render((c) => (c ? this.renderChecklist(c) : nothing), 'Checking your setup…') : nothing}
      <dl class="facts">
        <dt>Signed in as</dt><dd data-testid="me-email">${me.email ?? me.uid}</dd>
        <dt>Role</dt><dd data-testid="me-role">${me.role ?? '—'}</dd>
        <dt>Data region</dt><dd data-testid="tenant-region">${tenant.region.toUpperCase()}</dd>
        <dt>Domains</dt><dd>${tenant.domains.join(', ')}</dd>
      </dl>
      <p class="muted">${tenant.name}'s data is stored only in the ${tenant.region.toUpperCase()} region and never leaves it.</p>
      ${admin ? this.renderSettings() : nothing}
      ${admin ? html`<h-destination-hosts .api=${this.api} .fallbackUrl=${tenant.settings.fallbackUrl ?? null}></h-destination-hosts>` : nothing}
    `;
  }

  private renderChecklist(c: Checklist) {
    const steps = [
      { done: c.directory, label: 'Connect your directory', href: '/directory/connect', hint: 'Google Workspace, Microsoft 365 or a CSV file' },
      { done: c.template, label: 'Pick a signature template', href: '/templates', hint: 'start from a design and assign it to everyone' },
      { done: c.campaign, label: 'Create a banner campaign', href: '/campaigns/new', hint: 'a banner under every signature, with tracked clicks' },
      c.source === 'google'
        ? { done: c.deployed, label: 'Push signatures to Gmail', href: '/deployment', hint: 'authorise Herald in the Google Admin console, then push: done once a first signature is in Gmail' }
        : { done: c.deployed, label: 'Deploy the Outlook add-in', href: '/addins/outlook', hint: 'done once a first employee writes an email with it' },
    ];
    const left = steps.filter((s) => !s.done).length;
    return html`<section class="panel" aria-labelledby="checklist-title" data-testid="checklist">
      <h2 id="checklist-title">Get started</h2>
      <p class="muted">${left === 0 ? 'All set: every step is done.' : `${4 - left} of 4 steps done.`}</p>
      <progress max="4" value=${4 - left} aria-label="Setup progress"></progress>
      <ol class="checklist">
        ${steps.map((s) => html`<li class=${s.done ? 'done' : ''}><span aria-hidden="true">${s.done ? '✓' : '○'}</span> <a href=${s.href}>${s.label}</a>${s.done ? html` <span class="muted">(done)</span>` : html` <span class="muted">— ${s.hint}</span>`}</li>`)}
      </ol>
    </section>`;
  }

  private renderSettings() {
    const s = this.ctx.tenant.settings;
    const { saving, error } = this.state;
    return html`<form class="panel stack" @submit=${(ev: Event) => void this.save(ev)}>
      <h2>Settings</h2>
      <label>Where links of ended campaigns go <input type="url" name="fallbackUrl" placeholder="https://www.example.com/" .value=${s.fallbackUrl ?? ''} /></label>
      <label class="inline"><input type="checkbox" name="gmailSignatures" .checked=${s.gmailSignatures} /> Push signatures to Gmail automatically (Google Workspace)</label>
      <label class="inline"><input type="checkbox" name="recipientTracking" .checked=${s.recipientTracking.enabled} /> Recipient-level click tracking in Gmail (kept ${s.recipientTracking.retentionDays} days)</label>
      <fieldset data-testid="utm-settings"><legend>Campaign tags for your web analytics</legend>
        <label class="inline"><input type="checkbox" name="utmEnabled" .checked=${s.utm?.enabled ?? false} /> Add campaign tags (UTM) to banner clicks, so your analytics shows which visits came from signatures</label>
        <p class="muted">Tags name the campaign and, during an A/B test, the variant; never the employee or the person who clicked. Tags already in a banner's link are kept as they are.</p>
        <div class="grid2">
          <label>Source <input name="utmSource" pattern="[A-Za-z0-9._~\-]{1,60}" .value=${s.utm?.source ?? 'herald'} /></label>
          <label>Medium <input name="utmMedium" pattern="[A-Za-z0-9._~\-]{1,60}" .value=${s.utm?.medium ?? 'email-signature'} /></label>
        </div>
      </fieldset>
      <div class="row"><button type="submit" ?disabled=${saving}>${saving ? 'Saving…' : 'Save settings'}</button></div>
      ${error ? html`<p class="error" role="alert">${messageOf(error)}</p>` : nothing}
    </form>`;
  }
}
customElements.define('h-overview', Overview);
