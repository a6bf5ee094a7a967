import { html, nothing } from 'lit';
import { botReasonWords, deviceWords } from '../core/report-words';
import '../components/chart';
import { messageOf } from '../api';
import { saveFile, toast } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import type { CampaignReport, RecipientReport, TenantReport } from '../../../functions/src/api-types.js';
import { empty, pct, plural, when } from '../core/ui';
import { hasRole } from '../roles';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const n = (x: number, one: string) => plural(x, one);

/** Banner results over a date range: every campaign compared, then one in detail (days, bots, devices, people, recipients). */
export class Reports extends ScreenElement<{ recipients: RecipientReport | null; loadingRecipients: boolean }> {
  private range(): { from: string; to: string } {
    const to = this.query.get('to') ?? isoDay(new Date());
    const from = this.query.get('from') ?? isoDay(new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000));
    return { from, to };
  }
  private readonly all = new Resource(this, 'The campaign results', () => this.api<TenantReport>(`/reports/campaigns?${new URLSearchParams(this.range())}`));
  private readonly one = new Resource<CampaignReport | null>(this, "This campaign's results", async () => {
    const id = this.query.get('campaign');
    return id ? this.api<CampaignReport>(`/reports/campaigns/${encodeURIComponent(id)}?${new URLSearchParams(this.range())}`) : null;
  });

  private go(patch: Record<string, string | null>): void {
    for (const [k, v] of Object.entries(patch)) if (v) this.query.set(k, v);
    else this.query.delete(k);
    history.replaceState(null, '', `/reports?${this.query}`);
    this.set({ recipients: null });
    void this.all.reload();
    void this.one.reload();
  }

  private async csv(path: string, name: string): Promise<void> {
    try {
      const res = await this.api.raw(`${path}?${new URLSearchParams(this.range())}`, { headers: { Accept: 'text/csv' } });
      saveFile(await res.blob(), name, 'text/csv');
    } catch (err) {
      toast(messageOf(err));
    }
  }

  private async loadRecipients(id: string): Promise<void> {
    this.set({ loadingRecipients: true });
    try {
      this.set({ recipients: await this.api<RecipientReport>(`/reports/campaigns/${encodeURIComponent(id)}/recipients`) });
    } catch (err) {
      toast(messageOf(err));
    }
    this.set({ loadingRecipients: false });
  }

  override render() {
    const { from, to } = this.range();
    return html`<h1>Reports</h1>
      <form class="filters row" @submit=${(ev: Event) => {
        ev.preventDefault();
        const d = new FormData(ev.target as HTMLFormElement);
        this.go({ from: String(d.get('from')), to: String(d.get('to')) });
      }}>
        <label>From <input type="date" name="from" .value=${from} max=${to} /></label>
        <label>To <input type="date" name="to" .value=${to} /></label>
        <button type="submit">Show</button>
        <button type="button" class="secondary" @click=${() => void this.csv('/reports/campaigns', `campaigns-${from}-${to}.csv`)}>Download CSV</button>
      </form>
      ${this.all.render((r) => this.renderAll(r))}
      ${this.one.render((r) => (r ? this.renderOne(r) : nothing), 'Loading the campaign…')}`;
  }

  private renderAll(r: TenantReport) {
    if (r.campaigns.length === 0) return empty('No banner campaigns', html`Create one on the <a href="/campaigns/new?kind=banner">Campaigns</a> page; its views and clicks appear here.`);
    const selected = this.query.get('campaign');
    return html`
      <dl class="facts"><dt>Views</dt><dd data-testid="total-views">${r.views}</dd><dt>Clicks</dt><dd data-testid="total-clicks">${r.clicks}</dd><dt>Click-through rate</dt><dd>${pct(r.ctr)}</dd>
        <dt>Filtered (bots, scanners)</dt><dd>${n(r.bot.views, 'view')}, ${n(r.bot.clicks, 'click')}</dd></dl>
      <h2>Campaigns compared</h2>
      <h-chart label="Clicks and views per campaign" .config=${{
        type: 'bar',
        data: { labels: r.campaigns.map((c) => c.name), datasets: [{ label: 'Views', data: r.campaigns.map((c) => c.views), backgroundColor: '#9fa8ff' }, { label: 'Clicks', data: r.campaigns.map((c) => c.clicks), backgroundColor: '#00875a' }] },
        options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      }}></h-chart>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Scrollable table"><table data-testid="campaign-compare">
        <thead><tr><th scope="col">Campaign</th><th scope="col">Views</th><th scope="col">Clicks</th><th scope="col">CTR</th><th scope="col">Bots filtered</th></tr></thead>
        <tbody>${r.campaigns.map(
          (c) => html`<tr class=${c.campaignId === selected ? 'selected' : ''}>
            <td><button type="button" class="link" @click=${() => this.go({ campaign: c.campaignId })}>${c.name}</button></td>
            <td>${c.views}</td><td>${c.clicks}</td><td>${pct(c.ctr)}</td><td>${c.bot.views + c.bot.clicks}</td></tr>`,
        )}</tbody></table></div>`;
  }

  private renderOne(r: CampaignReport) {
    const admin = hasRole(this.ctx.me.role, 'admin');
    const tracking = this.ctx.tenant.settings.recipientTracking.enabled;
    const reasons = [...Object.entries(r.botReasons.view).map(([k, v]) => [k, v, 'view'] as const), ...Object.entries(r.botReasons.click).map(([k, v]) => [k, v, 'click'] as const)].filter(([, v]) => v > 0);
    const devices = Object.entries(r.devices).filter(([, v]) => v > 0);
    const recipients = this.state.recipients;
    return html`<section class="panel" data-testid="campaign-report">
      <div class="title-row"><h2>${r.name}</h2><a href="/campaigns/${r.campaignId}">Edit the campaign</a></div>
      <dl class="facts">
        <dt>Views</dt><dd data-testid="report-views">${r.views}</dd>
        <dt>Clicks</dt><dd data-testid="report-clicks">${r.clicks}</dd>
        <dt>Click-through rate</dt><dd>${pct(r.ctr)}</dd>
        <dt>Filtered (bots, scanners)</dt><dd>${n(r.bot.views, 'view')}, ${n(r.bot.clicks, 'click')}</dd>
      </dl>
      <h-chart label="Views and clicks per day of ${r.name}" .config=${{
        type: 'line',
        data: { labels: r.days.map((d) => d.day.slice(5)), datasets: [{ label: 'Views', data: r.days.map((d) => d.views), borderColor: '#3d5afe', tension: 0.2 }, { label: 'Clicks', data: r.days.map((d) => d.clicks), borderColor: '#00875a', tension: 0.2 }] },
        options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      }}></h-chart>
      <button type="button" class="secondary" @click=${() => void this.csv(`/reports/campaigns/${r.campaignId}`, `campaign-${r.campaignId}.csv`)}>Download CSV by day</button>
      <div class="grid2">
        <div><h3>Why hits were filtered</h3>
          ${reasons.length ? html`<table><tbody>${reasons.map(([k, v, what]) => html`<tr><td>${botReasonWords(k)}</td><td>${n(v, what)}</td></tr>`)}</tbody></table>` : html`<p class="muted">No bot or scanner hits in this range.</p>`}</div>
        <div><h3>Devices</h3>
          ${devices.length ? html`<table><tbody>${devices.map(([k, v]) => html`<tr><td>${deviceWords(k)}</td><td>${v}</td></tr>`)}</tbody></table>` : html`<p class="muted">No device data in this range.</p>`}</div>
      </div>
      <h3>Top employees</h3>
      ${r.topEmployees.length
        ? html`<table><thead><tr><th scope="col">Employee</th><th scope="col">Views</th><th scope="col">Clicks</th></tr></thead><tbody>${r.topEmployees.map((e) => html`<tr><td>${e.name}</td><td>${e.views}</td><td>${e.clicks}</td></tr>`)}</tbody></table>`
        : html`<p class="muted">No clicks or views yet.</p>`}
      ${admin
        ? html`<h3>Recipient clicks</h3>
          ${!tracking
            ? html`<p class="muted">Recipient-level tracking is off. An admin can opt in on the <a href="/addins/gmail">Gmail add-on</a> page.</p>`
            : recipients
              ? recipients.clicks.length
                ? html`<table data-testid="recipient-clicks"><thead><tr><th scope="col">When</th><th scope="col">Recipient</th><th scope="col">Bot</th></tr></thead><tbody>${recipients.clicks.map((c) => html`<tr><td>${when(c.at)}</td><td>${c.recipient}</td><td>${c.bot ? 'yes' : ''}</td></tr>`)}</tbody></table>`
                : html`<p class="muted">No recipient clicks recorded for this campaign.</p>`
              : html`<p class="muted">Recipient addresses are personal data: each read is recorded in the audit log.</p>
                <button type="button" class="secondary" ?disabled=${this.state.loadingRecipients} @click=${() => void this.loadRecipients(r.campaignId)}>Show recipient clicks</button>`}`
        : nothing}
    </section>`;
  }
}
customElements.define('h-reports', Reports);
