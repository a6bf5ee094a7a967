import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { ConsoleElement } from '../core/element';
import { groupWords } from '../core/directory-groups';
import type { DirectoryGroup } from '../../../functions/src/api-types.js';

/**
 * Target groups as a comma-separated list, with the directory's groups offered as suggestions
 * (admins can list the directory; editors type the names). Empty means everyone.
 */
export class GroupPicker extends ConsoleElement {
  @property() name = 'targetGroups';
  @property() label = 'Groups (empty: everyone)';
  @property({ attribute: false }) value: string[] = [];
  @property({ attribute: false }) suggestions: string[] = [];
  /** The directory's groups with their member counts (GET /api/directory/groups); preferred over `suggestions`. */
  @property({ attribute: false }) counts: DirectoryGroup[] = [];
  @property() describedBy = '';

  private get groups(): { name: string; members?: number }[] {
    return this.counts.length ? this.counts : this.suggestions.map((name) => ({ name }));
  }

  override render() {
    const id = `${this.name}-list`;
    return html`<label>${this.label}
      <input name=${this.name} list=${id} .value=${this.value.join(', ')} placeholder="Sales, Marketing" aria-describedby=${this.describedBy} autocomplete="off" />
      <datalist id=${id}>${this.groups.map((g) => html`<option value=${g.name} label=${groupWords(g)}></option>`)}</datalist>
      ${this.groups.length ? html`<span class="muted" data-testid="directory-groups">Groups in your directory: ${this.groups.map(groupWords).join(', ')}</span>` : ''}
    </label>`;
  }
}
customElements.define('h-group-picker', GroupPicker);

export const parseGroups = (raw: string) => [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
