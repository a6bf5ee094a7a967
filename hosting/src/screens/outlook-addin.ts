import { html, nothing } from 'lit';
import '../components/chart';
import { isMissingRoute, messageOf } from '../api';
import { saveFile, toast } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import { notAvailable } from '../core/ui';
import type { AddinUsage, OutlookClient, OutlookSetupView } from '../../../functions/src/api-types.js';

/** One client and what the add-in does there: the server's own list (GET /api/addins/outlook/setup), in its words. */
function clientCard(c: OutlookClient) {
  return html`<li class="card-item" data-testid="addin-client">
    <h3 class="client-name" data-testid="addin-client-name">${c.name}</h3>
    <p class="muted">${c.minimum ? `Needs ${c.minimum}.` : 'Any current version.'}</p>
    <ul class="client-works">${c.works.map((w) => html`<li>${w}</li>`)}</ul>
    ${c.limits.length ? html`<ul class="client-limits">${c.limits.map((l) => html`<li>${l}</li>`)}</ul>` : nothing}
  </li>`;
}

/** The Outlook add-in: its manifest to download, central deployment steps, and how many employees use it. */
export class OutlookAddin extends ScreenElement<{ missing: boolean }> {
  private readonly setup = new Resource(this, 'The Outlook add-in setup', () => this.api<OutlookSetupView>('/addins/outlook/setup'));
  private readonly usage = new Resource(this, 'The Outlook add-in usage', () => this.api<AddinUsage>('/addins/outlook/usage'));

  private async download(preview: boolean): Promise<void> {
    try {
      const res = await this.api.raw('/addins/outlook/manifest');
      saveFile(await res.blob(), preview ? 'herald-outlook-manifest-PREVIEW.xml' : 'herald-outlook-manifest.xml', 'application/xml');
    } catch (err) {
      if (isMissingRoute(err)) this.set({ missing: true });
      else toast(messageOf(err));
    }
  }

  override render() {
    if (this.state.missing || isMissingRoute(this.setup.error)) return html`<h1>Outlook add-in</h1>${notAvailable('The Outlook add-in')}`;
    return html`<h1>Outlook add-in</h1>
      ${this.setup.render((s) =>
        !s.available
          ? html`<section class="panel" data-testid="addin-unavailable"><p>The Outlook add-in is not set up in this Herald region: that is the operator’s configuration, not something you can change. Ask Herald support to enable it; meanwhile employees can copy their signature from <em>My signature</em>.</p></section>`
          : html`<p>Microsoft 365 has no signature API: the Herald add-in inserts each employee's signature when they write an email or a meeting invitation. It follows the address in From, so a shared mailbox gets the template you assigned to it (with the sender's own name), and it leaves the banner out when every recipient is a colleague, so banner views only count mail to people outside the company. It never adds a second signature.</p>
              <h2>Where it works</h2>
              <ul class="cards clients" data-testid="addin-clients">${s.clients.map(clientCard)}</ul>
              ${s.preview
                ? html`<p class="notice" data-testid="addin-preview"><strong>Preview build.</strong> This demo builds the manifest for ${s.origin}, so you can inspect it; Outlook only loads add-ins from HTTPS addresses, so upload a manifest from your Herald region to deploy it for real.</p>`
                : nothing}
              <section class="panel"><h2>Deploy it for everyone</h2>
                <p class="muted">A Microsoft 365 Global Administrator or Exchange Administrator does this once.</p>
                <ol class="steps">
                  <li><button type="button" @click=${() => void this.download(s.preview)}>${s.preview ? 'Download the manifest (preview build)' : 'Download the manifest'}</button></li>
                  <li>Open the <a href="https://admin.microsoft.com/#/Settings/IntegratedApps" target="_blank" rel="noopener">Microsoft 365 admin center</a> → <em>Settings → Integrated apps</em> → <em>Upload custom apps</em>.</li>
                  <li>Choose <em>Office Add-in</em>, then <em>Upload manifest file (.xml) from device</em>, and pick the file you downloaded.</li>
                  <li>Assign it to <em>Entire organization</em> (or the groups that use Herald), accept the permissions and click <em>Deploy</em>.</li>
                  <li>It reaches mailboxes within about 24 hours; employees install nothing.</li>
                </ol>
              </section>`,
      )}
      <h2>Employees using the add-in</h2>
      ${this.usage.render((u) =>
        u.days.some((d) => d.employees > 0)
          ? html`<h-chart label="Employees using the Outlook add-in per day" .config=${{ type: 'line', data: { labels: u.days.map((d) => d.day.slice(5)), datasets: [{ label: 'Employees', data: u.days.map((d) => d.employees), borderColor: '#3d5afe' }] }, options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } }}></h-chart>`
          : html`<div class="empty" data-testid="addin-usage-empty"><h2>No one has used the add-in yet</h2><p>Once it is deployed, the first employee who writes an email in Outlook appears here (one count per person per day).</p></div>`,
      )}`;
  }
}
customElements.define('h-outlook-addin', OutlookAddin);
