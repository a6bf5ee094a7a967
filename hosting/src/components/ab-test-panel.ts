import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { AbTestEnded, AbTestReport, CampaignSaved, CampaignView, Verdict } from '../../../functions/src/api-types.js';
import type { Api } from '../api';
import { ConsoleElement } from '../core/element';
import { confirmDialog, toast } from '../core/dialog';
import { Resource } from '../core/resource';
import { errorBox, pct } from '../core/ui';

interface DraftVariant {
  name: string;
  imageUrl: string;
  destinationUrl: string;
  alt: string;
  weight: number;
}

interface State {
  drafts: DraftVariant[] | null;
  winner: string;
  busy: boolean;
  error: unknown;
}

const MAX_VARIANTS = 4;

/** A variant's short name from its name: what analytics shows as utm_content. */
function slugOf(name: string, taken: Set<string>, index: number): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 28)
      .replace(/-+$/g, '') || String.fromCharCode(97 + index);
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}

const testWords = (v: Verdict) => (v.test === 'z' ? 'two-proportion z-test' : 'chi-squared test, then each pair compared with a Holm correction');
const p = (x: number | null) => (x === null ? '' : x < 0.001 ? 'p < 0.001' : `p = ${x.toFixed(3)}`);

/** The verdict in plain words. */
export function verdictWords(r: AbTestReport): string {
  const v = r.verdict;
  const name = (id: string | null) => `“${r.variants.find((x) => x.id === id)?.name ?? id}”`;
  switch (v.kind) {
    case 'not_enough_data':
      return 'Not enough data yet to tell the variants apart: each one needs more views and clicks (at least five expected clicks and five views without a click).';
    case 'not_comparable':
      return 'Some variants show more clicks than views (mail apps that keep images in their cache hide views), so their click rates cannot be compared.';
    case 'no_difference':
      return `No significant difference so far: the gap between the variants is within what chance alone gives (${p(v.pValue)}, ${testWords(v)}).`;
    case 'winner':
      return `${name(v.leaderId)} does significantly better than ${r.variants.length === 2 ? 'the other variant' : 'every other variant'} (${p(v.pValue)}, ${testWords(v)}, 95 % confidence).`;
    case 'no_single_winner':
      return `The variants differ (${p(v.pValue)}, ${testWords(v)}), but ${name(v.leaderId)} is not significantly ahead of every other variant yet.`;
  }
}

/**
 * A banner campaign's A/B test (issue 24): start one with two to four variants, follow people's
 * views, clicks and click rate per variant with its 95 % range, and end it keeping the winner.
 */
export class AbTestPanel extends ConsoleElement<State> {
  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) campaign!: CampaignView;
  @property({ attribute: false }) editor = false;

  private readonly report = new Resource<AbTestReport | null>(this, 'The A/B test results', async () =>
    this.campaign.abTest ? this.api<AbTestReport>(`/campaigns/${encodeURIComponent(this.campaign.id)}/ab-test`) : null,
  );

  private changed(c: CampaignView): void {
    this.dispatchEvent(new CustomEvent<CampaignView>('campaign-change', { detail: c, bubbles: true }));
  }

  private startDrafts(): void {
    const b = this.campaign.banner;
    this.set({
      drafts: [
        { name: 'A', imageUrl: b?.imageUrl ?? '', destinationUrl: b?.destinationUrl ?? '', alt: b?.alt ?? '', weight: 1 },
        { name: 'B', imageUrl: '', destinationUrl: b?.destinationUrl ?? '', alt: b?.alt ?? '', weight: 1 },
      ],
      error: null,
    });
  }

  private edit(i: number, patch: Partial<DraftVariant>): void {
    this.set({ drafts: this.state.drafts!.map((d, j) => (i === j ? { ...d, ...patch } : d)) });
  }

  private async start(ev: Event): Promise<void> {
    ev.preventDefault();
    const taken = new Set<string>();
    const variants = this.state.drafts!.map((d, i) => ({
      id: slugOf(d.name, taken, i),
      name: d.name.trim(),
      weight: d.weight,
      banner: { imageUrl: d.imageUrl.trim(), destinationUrl: d.destinationUrl.trim(), alt: d.alt.trim() },
    }));
    this.set({ busy: true, error: null });
    try {
      const c = await this.api<CampaignSaved>(`/campaigns/${encodeURIComponent(this.campaign.id)}`, { method: 'PATCH', json: { abTest: { variants } } });
      this.set({ busy: false, drafts: null });
      toast('A/B test started: each employee now shows one of the variants.');
      this.changed(c);
      this.campaign = c;
      void this.report.reload();
    } catch (err) {
      this.set({ busy: false, error: err });
    }
  }

  private async end(r: AbTestReport): Promise<void> {
    const winnerId = this.state.winner || r.verdict.leaderId || r.variants[0]!.id;
    const winner = r.variants.find((v) => v.id === winnerId)!;
    const ok = await confirmDialog({
      title: `Keep “${winner.name}”?`,
      body: `The test ends and “${winner.name}” becomes the campaign's banner. Links already sent keep working: all of them, whichever variant they showed, now show “${winner.name}” and lead to its page.`,
      confirm: 'End test and keep winner',
    });
    if (!ok) return;
    this.set({ busy: true, error: null });
    try {
      const ended = await this.api<AbTestEnded>(`/campaigns/${encodeURIComponent(this.campaign.id)}/ab-test/end`, { method: 'POST', json: { winnerId } });
      this.report.value = ended;
      toast(`Test ended: “${winner.name}” is now the campaign's banner.`);
      const c = await this.api<CampaignView>(`/campaigns/${encodeURIComponent(this.campaign.id)}`);
      this.campaign = c;
      this.changed(c);
    } catch (err) {
      this.set({ error: err });
    }
    this.set({ busy: false });
  }

  override render() {
    return html`<section class="panel" data-testid="ab-test" aria-labelledby="ab-title">
      <h2 id="ab-title">A/B test</h2>
      ${this.campaign.abTest ? this.report.render((r) => (r ? this.renderReport(r) : nothing)) : this.renderStart()}
      ${this.state.error ? errorBox(this.state.error) : nothing}
    </section>`;
  }

  private renderStart() {
    const drafts = this.state.drafts;
    if (!this.editor) return html`<p class="muted">This campaign shows one banner.</p>`;
    if (!drafts)
      return html`<p class="muted">Show two to four versions of the banner to different employees and see which one people click more.</p>
        <div class="row"><button type="button" class="secondary" @click=${() => this.startDrafts()}>Set up an A/B test</button></div>`;
    const total = drafts.reduce((n, d) => n + d.weight, 0);
    return html`<form class="stack" @submit=${(ev: Event) => void this.start(ev)}>
      <p class="muted">Each employee always gets the same variant. The share says how many employees get each one.</p>
      ${drafts.map(
        (d, i) => html`<fieldset data-testid="ab-variant"><legend>Variant ${i + 1}</legend>
          <div class="grid2">
            <label>Name <input required maxlength="60" .value=${d.name} @input=${(ev: Event) => this.edit(i, { name: (ev.target as HTMLInputElement).value })} /></label>
            <label>Share (${Math.round((d.weight / total) * 100)} % of employees)
              <input type="number" min="1" max="100" required .value=${String(d.weight)} @input=${(ev: Event) => this.edit(i, { weight: Math.max(1, Math.min(100, Number((ev.target as HTMLInputElement).value) || 1)) })} /></label>
          </div>
          <label>Banner image (web address) <input type="url" required placeholder="https://www.acme.example/banner-b.png" .value=${d.imageUrl} @input=${(ev: Event) => this.edit(i, { imageUrl: (ev.target as HTMLInputElement).value })} /></label>
          <label>Where a click goes <input type="url" required .value=${d.destinationUrl} @input=${(ev: Event) => this.edit(i, { destinationUrl: (ev.target as HTMLInputElement).value })} /></label>
          <label>Alternative text <input maxlength="200" .value=${d.alt} @input=${(ev: Event) => this.edit(i, { alt: (ev.target as HTMLInputElement).value })} /></label>
          ${drafts.length > 2 ? html`<div class="row"><button type="button" class="secondary" @click=${() => this.set({ drafts: drafts.filter((_, j) => j !== i) })}>Remove variant ${i + 1}</button></div>` : nothing}
        </fieldset>`,
      )}
      <div class="row">
        ${drafts.length < MAX_VARIANTS
          ? html`<button type="button" class="secondary" @click=${() => this.set({ drafts: [...drafts, { name: String.fromCharCode(65 + drafts.length), imageUrl: '', destinationUrl: drafts[0]!.destinationUrl, alt: '', weight: 1 }] })}>Add a variant</button>`
          : nothing}
        <button type="submit" ?disabled=${this.state.busy}>${this.state.busy ? 'Starting…' : 'Start the test'}</button>
        <button type="button" class="secondary" @click=${() => this.set({ drafts: null, error: null })}>Cancel</button>
      </div>
    </form>`;
  }

  private renderReport(r: AbTestReport) {
    const running = r.state === 'running';
    const winner = this.state.winner || r.verdict.leaderId || r.variants[0]!.id;
    const total = r.variants.reduce((n, v) => n + v.weight, 0);
    return html`
      <p data-testid="ab-state">${running
        ? 'Running: each employee shows one variant. Only people count here; bots and link scanners are left out.'
        : html`Ended ${r.endedAt ? new Date(r.endedAt).toLocaleDateString() : ''}: “${r.variants.find((v) => v.id === r.winnerId)?.name}” was kept and is the campaign's banner.`}</p>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Results per variant"><table data-testid="ab-results">
        <thead><tr><th scope="col">Variant</th><th scope="col">Share</th><th scope="col">Views</th><th scope="col">Clicks</th><th scope="col">Click rate</th><th scope="col">95 % range</th></tr></thead>
        <tbody>${r.variants.map(
          (v) => html`<tr>
            <th scope="row">${v.name}${v.id === r.winnerId ? html` <span class="badge active">kept</span>` : nothing}</th>
            <td>${Math.round((v.weight / total) * 100)} %</td><td>${v.views}</td><td>${v.clicks}</td><td>${pct(v.ctr)}</td>
            <td>${v.interval ? `${pct(v.interval.low)} – ${pct(v.interval.high)}` : '—'}</td>
          </tr>`,
        )}</tbody>
      </table></div>
      <p data-testid="ab-verdict"><strong>${verdictWords(r)}</strong></p>
      ${running && this.editor
        ? html`<div class="row">
            <label>Keep <select data-testid="ab-winner" @change=${(ev: Event) => this.set({ winner: (ev.target as HTMLSelectElement).value })}>
              ${r.variants.map((v) => html`<option value=${v.id} ?selected=${v.id === winner}>${v.name}</option>`)}
            </select></label>
            <button type="button" ?disabled=${this.state.busy} @click=${() => void this.end(r)}>End test and keep winner</button>
          </div>`
        : nothing}`;
  }
}
customElements.define('h-ab-test-panel', AbTestPanel);
