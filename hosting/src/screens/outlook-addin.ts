import { html, nothing } from 'lit';
import '../components/chart';
import { isMissingRoute, messageOf } from '../api';
import { saveFile, toast } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import { notAvailable } from '../core/ui';
import type { AddinUsage } from '../../../functions/src/api-types.js';

/** The Outlook add-in: its manifest to download, central deployment steps, and how many employees use it. */
export class OutlookAddin extends ScreenElement<{ missing: boolean }> {
  private readonly usage = new Resource(this, 'The Outlook add-in', () => this.api<AddinUsage>('/addins/outlook/usage'));

  private async download(): Promise<void> {
    try {
      const res = await this.api.raw('/addins/outlook/manifest');
      saveFile(await res.blob(), 'herald-outlook-manifest.xml', 'application/xml');
    } catch (err) {
      if (isMissingRoute(err)) this.set({ missing: true });
      else toast(messageOf(err));
    }
  }

  override render() {
    if (this.state.missing || isMissingRoute(this.usage.error)) return html`<h1>Outlook add-in</h1>${notAvailable('The Outlook add-in')}`;
    return html`<h1>Outlook add-in</h1>
      <p>Microsoft 365 has no signature API: the Herald add-in inserts each employee's signature when they write an email, in Outlook on the web, Windows, Mac and mobile.</p>
      <section class="panel"><h2>Deploy it for everyone</h2>
        <ol>
          <li><button type="button" @click=${() => void this.download()}>Download the manifest</button></li>
          <li>Open the Microsoft 365 admin center → Settings → Integrated apps → <em>Upload custom apps</em>.</li>
          <li>Choose <em>Office Add-in</em>, then <em>Upload manifest file (.xml)</em> and pick the file you downloaded.</li>
          <li>Assign it to <em>Entire organization</em> (or the groups that use Herald) and accept the permissions.</li>
          <li>Deployment reaches mailboxes within 24 hours; employees need nothing to install.</li>
        </ol>
      </section>
      <h2>Employees using the add-in</h2>
      ${this.usage.render((u) =>
        u.days.length
          ? html`<h-chart label="Employees using the Outlook add-in per day" .config=${{ type: 'line', data: { labels: u.days.map((d) => d.day.slice(5)), datasets: [{ label: 'Employees', data: u.days.map((d) => d.employees), borderColor: '#3d5afe' }] }, options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } }}></h-chart>`
          : html`<p class="muted">No use recorded yet: it appears here once the add-in is deployed.</p>`,
      )}
      ${nothing}`;
  }
}
customElements.define('h-outlook-addin', OutlookAddin);
