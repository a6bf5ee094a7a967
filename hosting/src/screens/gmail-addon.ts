import { html, nothing } from 'lit';
import { isMissingRoute, messageOf } from '../api';
import { saveFile, toast } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import { notAvailable } from '../core/ui';
import type { GmailAddonDeploymentInfo } from '../../../functions/src/api-types.js';

/** The Gmail add-on: domain-wide deployment, and the recipient-level click tracking it enables. */
export class GmailAddon extends ScreenElement<{ saving: boolean; error: unknown }> {
  private readonly descriptor = new Resource(this, 'The Gmail add-on', () => this.api<GmailAddonDeploymentInfo>('/addins/gmail/deployment'));

  private async setTracking(enabled: boolean): Promise<void> {
    this.set({ saving: true, error: null });
    try {
      await this.api('/tenant/settings', { method: 'PATCH', json: { recipientTracking: { enabled } } });
      await this.ctx.refreshTenant();
      toast(enabled ? 'Recipient-level click tracking is on.' : 'Recipient-level click tracking is off.');
    } catch (err) {
      this.set({ error: err });
    }
    this.set({ saving: false });
  }

  override render() {
    const tracking = this.ctx.tenant.settings.recipientTracking;
    const missing = isMissingRoute(this.descriptor.error);
    return html`<h1>Gmail add-on</h1>
      <p>The Herald add-on for Gmail mints a tracked link per recipient when an employee sends, so a click can be traced to the recipient who made it (for tenants that opt in).</p>
      ${missing
        ? notAvailable('The Gmail add-on deployment descriptor')
        : html`<section class="panel"><h2>Deploy it domain-wide</h2>
            ${this.descriptor.render(
              (d) => html`<ol>
                <li><button type="button" @click=${() => saveFile(JSON.stringify(d, null, 2), 'herald-gmail-addon.json', 'application/json')}>Download the deployment descriptor</button></li>
                <li>In the Google Admin console → Apps → Google Workspace Marketplace apps → <em>Add app</em> → <em>Add internal app</em>, or install the deployment with <code>gcloud workspace-add-ons deployments create</code> using the descriptor.</li>
                <li>Install it for the whole organisation (or the organisational units that use Herald) and grant the requested scopes.</li>
              </ol>`,
            )}</section>`}
      <section class="panel" aria-labelledby="rt-title"><h2 id="rt-title">Recipient-level click tracking</h2>
        <p class="muted">Off by default. When on, each click through a link the add-on minted records the recipient's address, sealed (AES-GCM) and kept ${tracking.retentionDays} days; reading them is audited.
          Change how long on the <a href="/privacy">Privacy</a> page.</p>
        <label class="inline"><input type="checkbox" .checked=${tracking.enabled} ?disabled=${this.state.saving} @change=${(ev: Event) => void this.setTracking((ev.target as HTMLInputElement).checked)} /> Record which recipient clicked</label>
        ${this.state.error ? html`<p class="error" role="alert">${messageOf(this.state.error)}</p>` : nothing}
        <p><a href="/reports">Recipient clicks per campaign (Reports)</a> · <a href="/privacy">Erase a recipient's clicks (Privacy)</a></p>
      </section>`;
  }
}
customElements.define('h-gmail-addon', GmailAddon);
