import { html } from 'lit';
import { saveFile } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import type { DeletionView } from '../../../functions/src/api-types.js';
import { when } from '../core/ui';

/** One deletion certificate in full (no personal data in it), with a download. */
export class DeletionCertificate extends ScreenElement {
  private readonly deletion = new Resource(this, 'The deletion certificate', () => this.api<DeletionView>(`/privacy/deletions/${encodeURIComponent(this.params.deletionId!)}`));

  override render() {
    return html`<p><a href="/privacy">← Privacy</a></p><h1>Deletion certificate</h1>
      ${this.deletion.render(
        (d) => html`
          <dl class="facts" data-testid="certificate">
            <dt>Certificate</dt><dd>${d.id}</dd>
            <dt>Subject</dt><dd>${d.subject.count} ${d.subject.kind}</dd>
            <dt>Reason</dt><dd>${d.reason.replace(/_/g, ' ')}</dd>
            <dt>Instructed by</dt><dd>${d.instructedBy ?? '—'}</dd>
            <dt>Requested</dt><dd>${when(d.requestedAt)}</dd>
            <dt>Completed</dt><dd>${when(d.completedAt)}</dd>
            <dt>Status</dt><dd>${d.status}</dd>
            <dt>Verified</dt><dd>${d.verified ? 'yes: a walk of every collection found nothing of the subject left' : 'not yet'}</dd>
            <dt>Personal-data categories</dt><dd>${d.categories.join(', ') || '—'}</dd>
            <dt>Sign-in accounts deleted</dt><dd>${d.authAccountsDeleted ?? 0}</dd>
            <dt>Stored files deleted</dt><dd>${d.storedFilesDeleted ?? 0}</dd>
          </dl>
          <h2>Per collection</h2>
          <div class="table-wrap" tabindex="0" role="region" aria-label="Scrollable table"><table>
            <thead><tr><th scope="col">Collection</th><th scope="col">Deleted</th><th scope="col">Pseudonymised</th></tr></thead>
            <tbody>${Object.entries(d.collections).map(([c, n]) => html`<tr><td>${c}</td><td>${n.deleted}</td><td>${n.pseudonymised}</td></tr>`)}</tbody>
          </table></div>
          ${Object.keys(d.retained ?? {}).length
            ? html`<h2>Kept, and why</h2><ul>${Object.entries(d.retained ?? {}).map(([c, why]) => html`<li><strong>${c}</strong>: ${why}</li>`)}</ul>`
            : ''}
          <button type="button" class="secondary" @click=${() => saveFile(JSON.stringify(d, null, 2), `deletion-${d.id}.json`, 'application/json')}>Download the certificate</button>
        `,
      )}`;
  }
}
customElements.define('h-deletion', DeletionCertificate);
