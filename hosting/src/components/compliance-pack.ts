import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { CompliancePackView, PackDocumentId } from '../../../functions/src/api-types.js';
import type { Api } from '../api';
import { saveFile } from '../core/dialog';
import { ConsoleElement } from '../core/element';
import { Resource } from '../core/resource';
import { errorBox } from '../core/ui';

type Which = PackDocumentId | 'all';
type Format = 'markdown' | 'pdf';

interface State {
  /** The download under way, e.g. `dpia.pdf`. */
  busy: string | null;
  error: unknown;
}

/** What each document is for, in the words of whoever receives it (typed over the server's list). */
const PURPOSE: Record<PackDocumentId, string> = {
  'sub-processors': 'The Google Cloud services that process your data, what each does and where, in each region.',
  'security-measures': 'What Herald does to keep your data secure (encryption, access, audit, retention), each point written from its code.',
  'processing-annex': 'Categories of people and data, purposes and retention: the annex to your data processing agreement.',
  dpia: 'A draft impact assessment (Art. 35) that follows your settings: tracking, retention, region, mail platforms. Yours to complete and sign.',
};

/**
 * The compliance pack (issue 23): documents made from Herald's code and the tenant's settings, for
 * its data protection officer or auditor, as PDF or Markdown. Admins and owners (the API's rule too).
 */
export class CompliancePack extends ConsoleElement<State> {
  @property({ attribute: false }) api!: Api;

  private readonly pack = new Resource(this, 'The compliance pack', () => this.api<CompliancePackView>('/compliance/pack'));

  private async download(which: Which, format: Format): Promise<void> {
    this.set({ busy: `${which}.${format}`, error: null });
    try {
      const res = await this.api.raw(`/compliance/pack/${which}?format=${format}`);
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `herald-${which}.${format === 'pdf' ? 'pdf' : 'md'}`;
      saveFile(await res.blob(), name, format === 'pdf' ? 'application/pdf' : 'text/markdown');
      this.set({ busy: null });
    } catch (err) {
      this.set({ busy: null, error: err });
    }
  }

  private buttons(which: Which, title: string) {
    const busy = this.state.busy;
    return html`<div class="row">
      ${(['pdf', 'markdown'] as const).map(
        (format) => html`<button type="button" class=${which === 'all' && format === 'pdf' ? '' : 'secondary'} ?disabled=${Boolean(busy)}
          aria-label=${`Download ${title} as ${format === 'pdf' ? 'PDF' : 'Markdown'}`}
          @click=${() => void this.download(which, format)}>${busy === `${which}.${format}` ? 'Preparing…' : format === 'pdf' ? 'PDF' : 'Markdown'}</button>`,
      )}
    </div>`;
  }

  override render() {
    return html`<section class="panel" aria-labelledby="compliance-title" data-testid="compliance-pack">
      <h2 id="compliance-title">Compliance pack</h2>
      <p class="muted">Documents to show your data protection officer or an auditor how Herald processes your data. They are made from the version of Herald that is running and from your current settings: the same version and settings always give the same files.</p>
      ${this.pack.render(
        (p) => html`<p class="muted">Made by ${p.codeVersion}. Settings fingerprint (SHA-256): <code>${p.settingsHash.slice(0, 16)}…</code></p>
          <h3>The whole pack</h3>
          ${this.buttons('all', 'the whole pack')}
          <h3>One document</h3>
          <ul class="checklist">
            ${p.documents.map((d) => html`<li><strong>${d.title}</strong><br /><span class="muted">${PURPOSE[d.id]}</span>${this.buttons(d.id, d.title)}</li>`)}
          </ul>
          ${this.state.error ? errorBox(this.state.error) : nothing}`,
      )}
    </section>`;
  }
}
customElements.define('h-compliance-pack', CompliancePack);
