import { html, nothing } from 'lit';
import { messageOf } from '../api';
import { toast } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import type { AlertList, AlertView } from '../../../functions/src/api-types.js';
import { when } from '../core/ui';

/** Security alerts raised by Herald's detectors; an admin or owner acknowledges each (audited). */
export class Alerts extends ScreenElement<{ acknowledging: string | null }> {
  private readonly alerts = new Resource(this, 'The alerts', () => this.api<AlertList>('/alerts'));

  private async acknowledge(a: AlertView): Promise<void> {
    this.set({ acknowledging: a.id });
    try {
      await this.api(`/alerts/${encodeURIComponent(a.id)}/acknowledge`, { method: 'POST', json: {} });
      toast(`Acknowledged: ${a.title}.`);
      await this.alerts.reload();
    } catch (err) {
      toast(messageOf(err));
    }
    this.set({ acknowledging: null });
  }

  override render() {
    return html`<h1>Alerts</h1>
      <p class="muted">Herald watches the audit log, background work and refused uninstall requests for unusual activity and mails your organisation's owners when it finds some. Acknowledge an alert once someone has looked into it: the audit log records who did.</p>
      ${this.alerts.render(
        (list) => html`${list.alerts.length
            ? html`<ul class="stack" style="list-style:none;padding:0" aria-label="Alerts" data-testid="alerts">${list.alerts.map((a) => this.renderAlert(a))}</ul>`
            : html`<div class="empty"><h2>No alert</h2><p>Nothing unusual so far. When Herald finds something, it shows here and your owners receive an email.</p></div>`}
          <section class="panel stack" aria-labelledby="watches-title">
            <h2 id="watches-title" style="margin:0">What Herald watches</h2>
            <ul>${list.detectors.map((d) => html`<li>${d}</li>`)}</ul>
          </section>`,
      )}`;
  }

  private renderAlert(a: AlertView) {
    const busy = this.state.acknowledging === a.id;
    return html`<li class="panel stack" data-testid="alert">
      <div class="title-row">
        <h2 style="margin:0;font-size:1.1rem">${a.title}</h2>
        <span class="badge ${a.acknowledged ? 'running' : a.severity === 'critical' ? 'failed' : 'scheduled'}">${a.acknowledged ? 'acknowledged' : a.severity === 'critical' ? 'critical' : 'warning'}</span>
      </div>
      ${a.aboutName ? html`<p style="margin:0"><strong>About:</strong> ${a.aboutName}</p>` : nothing}
      <p style="margin:0">${a.details}</p>
      <p class="muted" style="margin:0">Raised ${when(a.raisedAt)}${a.actorName ? html` · by the actions of ${a.actorName}` : nothing} · ${a.mailed ? 'emailed to the owners' : 'email to the owners not sent yet (Herald keeps trying)'}</p>
      ${a.acknowledged
        ? html`<p class="muted" style="margin:0">Acknowledged by ${a.acknowledged.byName ?? 'a removed account'}, ${when(a.acknowledged.at)}</p>`
        : html`<div><button type="button" ?disabled=${busy} @click=${() => void this.acknowledge(a)}>${busy ? 'Acknowledging…' : 'Acknowledge'}</button></div>`}
    </li>`;
  }
}
customElements.define('h-alerts', Alerts);
