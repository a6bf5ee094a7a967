import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { ConsoleElement } from '../core/element';

/**
 * Target groups as a comma-separated list, with the directory's groups offered as suggestions
 * (admins can list the directory; editors type the names). Empty means everyone.
 */
export class GroupPicker extends ConsoleElement {
  @property() name = 'targetGroups';
  @property() label = 'Groups (empty: everyone)';
  @property({ attribute: false }) value: string[] = [];
  @property({ attribute: false }) suggestions: string[] = [];
  @property() describedBy = '';

  override render() {
    const id = `${this.name}-list`;
    return html`<label>${this.label}
      <input name=${this.name} list=${id} .value=${this.value.join(', ')} placeholder="Sales, Marketing" aria-describedby=${this.describedBy} autocomplete="off" />
      <datalist id=${id}>${this.suggestions.map((g) => html`<option value=${g}></option>`)}</datalist>
      ${this.suggestions.length ? html`<span class="muted">Groups in your directory: ${this.suggestions.join(', ')}</span>` : ''}
    </label>`;
  }
}
customElements.define('h-group-picker', GroupPicker);

export const parseGroups = (raw: string) => [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
