import { html, nothing } from 'lit';
import { saveFile } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import type { IncidentFacts, IncidentList, IncidentView } from '../../../functions/src/api-types.js';
import { empty, errorBox, plural, when } from '../core/ui';

const STATUS: Record<IncidentFacts['status'], string> = { open: 'Open', contained: 'Contained', closed: 'Closed' };
const BADGE: Record<IncidentFacts['status'], string> = { open: 'failed', contained: 'scheduled', closed: 'ended' };
const count = (n: number | null | undefined) => (n === null || n === undefined ? 'not known yet' : `about ${n.toLocaleString()}`);

interface State {
  downloading: 'json' | 'markdown' | null;
  downloadError: unknown;
}

/**
 * Security incidents (GDPR Art. 33): the personal-data breaches Herald notified this organisation
 * of, each with the times that show it was told without undue delay, the facts as they stand, and
 * every update in order; exported as JSON or as a readable document for the customer's own records.
 */
export class Incidents extends ScreenElement<State> {
  private readonly incidents = new Resource(this, 'The security incidents', async () => (await this.api<IncidentList>('/incidents')).incidents);

  private async download(format: 'json' | 'markdown'): Promise<void> {
    this.set({ downloading: format, downloadError: null });
    try {
      const res = await this.api.raw(`/incidents/export?format=${format}`);
      const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `security-incidents.${format === 'json' ? 'json' : 'md'}`;
      saveFile(await res.blob(), name, format === 'json' ? 'application/json' : 'text/markdown');
    } catch (err) {
      this.set({ downloadError: err });
    } finally {
      this.set({ downloading: null });
    }
  }

  private facts(f: IncidentFacts) {
    return html`<dt>Data concerned</dt><dd>${f.categories.map((c) => c.label).join('; ')}</dd>
      <dt>People concerned</dt><dd>${count(f.approxPeople)}</dd>
      <dt>Records concerned</dt><dd>${count(f.approxRecords)}</dd>
      <dt>Likely consequences</dt><dd>${f.likelyConsequences}</dd>
      <dt>Measures taken or proposed</dt><dd>${f.measures}</dd>`;
  }

  private incident(i: IncidentView) {
    return html`<article class="panel" aria-labelledby="inc-${i.id}" data-testid="incident">
      <div class="title-row"><h2 id="inc-${i.id}">${i.title}</h2><span class="badge ${BADGE[i.current.status]}">${STATUS[i.current.status]}</span></div>
      <p class="muted">Reference ${i.id}</p>
      <p>${i.whatHappened}</p>
      <dl class="facts narrow-stack">
        <dt>Detected</dt><dd>${when(i.detectedAt)}</dd>
        <dt>Recorded by Herald</dt><dd>${when(i.recordedAt)}</dd>
        <dt>Notified to you</dt><dd>${when(i.notifiedAt)}</dd>
        ${this.facts(i.current)}
        <dt>Contact point</dt><dd>${i.contact.name}, <a href="mailto:${i.contact.email}">${i.contact.email}</a>${i.contact.phone ? html`, ${i.contact.phone}` : nothing}</dd>
      </dl>
      <h3>Timeline</h3>
      <ol class="steps" data-testid="timeline">
        <li><strong>${when(i.notifiedAt)}</strong>: first notice (${STATUS.open.toLowerCase()}).</li>
        ${i.updates.map(
          (u) => html`<li><strong>${when(u.notifiedAt)}</strong>: ${u.summary}${u.status ? html` <span class="badge ${BADGE[u.status]}">${STATUS[u.status]}</span>` : nothing}
            ${Object.keys(u.changes).length ? html`<dl class="facts narrow-stack">${this.changes(u.changes)}</dl>` : nothing}</li>`,
        )}
      </ol>
    </article>`;
  }

  private changes(c: IncidentView['updates'][number]['changes']) {
    return html`${c.categories ? html`<dt>Data concerned</dt><dd>${c.categories.map((x) => x.label).join('; ')}</dd>` : nothing}
      ${c.approxPeople !== undefined ? html`<dt>People concerned</dt><dd>${count(c.approxPeople)}</dd>` : nothing}
      ${c.approxRecords !== undefined ? html`<dt>Records concerned</dt><dd>${count(c.approxRecords)}</dd>` : nothing}
      ${c.likelyConsequences !== undefined ? html`<dt>Likely consequences</dt><dd>${c.likelyConsequences}</dd>` : nothing}
      ${c.measures !== undefined ? html`<dt>Measures</dt><dd>${c.measures}</dd>` : nothing}`;
  }

  override render() {
    const s = this.state;
    return html`<p><a href="/privacy">← Privacy</a></p><h1>Security incidents</h1>
      <p class="muted">Personal-data breaches that Herald, your processor, has notified your organisation of (GDPR Art. 33), with every update. As controller, you decide whether to notify your supervisory authority and the people concerned; the contact point of each incident answers your questions.</p>
      ${this.incidents.render((list) =>
        list.length
          ? html`<p>${plural(list.length, 'incident')}.</p>
              <div class="row">
                <button type="button" class="secondary" ?disabled=${Boolean(s.downloading)} @click=${() => void this.download('markdown')}>${s.downloading === 'markdown' ? 'Preparing…' : 'Download as a document'}</button>
                <button type="button" class="secondary" ?disabled=${Boolean(s.downloading)} @click=${() => void this.download('json')}>${s.downloading === 'json' ? 'Preparing…' : 'Download as JSON'}</button>
              </div>
              ${s.downloadError ? errorBox(s.downloadError) : nothing}
              ${list.map((i) => this.incident(i))}`
          : empty('No incidents', 'Herald has notified no personal-data breach affecting your organisation. If one happens, your owners receive an email and it appears here.'),
      )}`;
  }
}
customElements.define('h-incidents', Incidents);
