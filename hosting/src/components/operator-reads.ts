import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { ConsoleElement } from '../core/element';
import { Resource } from '../core/resource';
import { empty, plural, when } from '../core/ui';
import type { Api } from '../api';
import type { OperatorReadList } from '../../../functions/src/api-types.js';

/** Every read an operator made under one approval, newest first (from the tenant's audit trail). */
export class OperatorReads extends ConsoleElement {
  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) requestId = '';

  private readonly reads = new Resource(this, 'The operator’s reads', async () => (await this.api<OperatorReadList>(`/operator-access/${encodeURIComponent(this.requestId)}/reads`)).reads);

  override render() {
    return this.reads.render((reads) =>
      reads.length === 0
        ? empty('Nothing read yet', 'The operator has not looked at anything under this approval.')
        : html`<p>${plural(reads.length, 'read')} under this approval:</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Reads under this approval"><table data-testid="operator-reads">
              <thead><tr><th scope="col">When</th><th scope="col">Area</th><th scope="col">Kind</th></tr></thead>
              <tbody>${reads.map((r) => html`<tr><td>${when(r.at)}</td><td>${r.areaLabel}</td><td>${r.changed ? 'A change' : 'Read'}</td></tr>`)}</tbody>
            </table></div>`,
    );
  }
}
customElements.define('h-operator-reads', OperatorReads);
