import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { ConsoleElement } from '../core/element';
import { toast } from '../core/dialog';
import { FormCheck } from '../core/form-check';
import { formError } from '../core/ui';
import type { UserView } from '../../../functions/src/api-types.js';

const FIELDS = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['title', 'Title'],
  ['workPhone', 'Work phone'],
  ['mobilePhone', 'Mobile phone'],
  ['addresses', 'Site addresses (one per line)'],
] as const;
type Field = (typeof FIELDS)[number][0];

/** The optional directory fields of one person; an edited field is kept over the directory until reset. */
export class ProfileForm extends ConsoleElement<{ saving: boolean; error: unknown }> {
  @property({ attribute: false }) user!: UserView;
  /** Who edits: "you" (own profile) or "an admin". */
  @property() editedBy = 'you';
  @property({ attribute: false }) save!: (edit: Record<string, unknown>) => Promise<UserView>;

  private readonly form = new FormCheck(this);

  private async submit(edit: Record<string, unknown>): Promise<void> {
    if (Object.keys(edit).length === 0) return toast('Nothing changed.');
    this.set({ saving: true, error: null });
    try {
      this.user = await this.save(edit);
      this.set({ saving: false });
      this.form.clear();
      toast('Saved.');
    } catch (err) {
      this.set({ saving: false, error: this.form.fromApi(err, this.querySelector('form')) ? null : err });
    }
  }

  private onSubmit(ev: Event): void {
    ev.preventDefault();
    if (!this.form.check(ev.target as HTMLFormElement)) return;
    const form = new FormData(ev.target as HTMLFormElement);
    const edit: Record<string, unknown> = {};
    for (const [field] of FIELDS) {
      const raw = String(form.get(field) ?? '');
      const value = field === 'addresses' ? raw.split('\n').map((s) => s.trim()).filter(Boolean) : raw.trim();
      if (JSON.stringify(value) !== JSON.stringify(this.user[field])) edit[field] = value;
    }
    void this.submit(edit);
  }

  override render() {
    const u = this.user;
    const { saving, error } = this.state;
    const input = (field: Field, label: string) => {
      const edited = u.overridden?.includes(field);
      const errId = `err-${field}`;
      return html`<label>${label}
        ${field === 'addresses'
          ? html`<textarea name=${field} rows="2" aria-describedby=${errId} aria-invalid=${this.form.invalid(field)} .value=${u.addresses.join('\n')}></textarea>`
          : html`<input name=${field} aria-describedby=${errId} aria-invalid=${this.form.invalid(field)} .value=${u[field]} />`}
        ${this.form.field(field, errId)}
        ${edited ? html`<span class="muted">Edited by ${this.editedBy} · <button type="button" class="link" @click=${() => void this.submit({ [field]: null })}>use the directory value</button></span>` : nothing}
      </label>`;
    };
    return html`<form class="stack" novalidate @submit=${(ev: Event) => this.onSubmit(ev)} @input=${this.form.onInput}>
      ${this.form.summary()}
      <p><strong>${u.email}</strong>${u.groups.length ? html`<span class="muted"> · ${u.groups.join(', ')}</span>` : nothing}</p>
      ${formError(error, FIELDS.map(([f]) => f))}
      ${FIELDS.map(([f, l]) => input(f, l))}
      <div class="row"><button type="submit" ?disabled=${saving}>${saving ? 'Saving…' : 'Save'}</button></div>
    </form>`;
  }
}
customElements.define('h-profile-form', ProfileForm);
