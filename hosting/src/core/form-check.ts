import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { ApiError } from '../api';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The API field a control answers for: its `data-field` ("banner.imageUrl"), else its name. */
const fieldOf = (c: Element) => (c as HTMLElement).dataset.field ?? (c as Control).name ?? '';
const stripWhere = (field: string) => field.replace(/^(body|query|params)\.?/, '');

/** What is wrong with a control, in words, from the browser's constraint checks; null when it is right. */
export function problemOf(c: Control): string | null {
  if (c.disabled || c.willValidate === false || c.checkValidity()) return null;
  const v = c.validity;
  const what = (c as HTMLElement).dataset.what;
  if (v.valueMissing) return what ? `Enter ${what}.` : c instanceof HTMLSelectElement ? 'Choose one.' : 'Fill this in.';
  if (v.typeMismatch && c.type === 'url') return 'Enter a full web address, starting with https:// (for example https://www.example.com/page).';
  if (v.typeMismatch && c.type === 'email') return 'Enter an email address, like name@example.com.';
  if (v.badInput || v.stepMismatch) return c.type === 'number' ? 'Enter a whole number.' : 'Enter a complete date and time.';
  if (v.rangeUnderflow || v.rangeOverflow) {
    const { min, max } = c as HTMLInputElement;
    return min && max ? `Enter a number from ${min} to ${max}.` : min ? `Enter ${min} or more.` : `Enter ${max} or less.`;
  }
  if (v.tooLong) return `Use at most ${(c as HTMLInputElement).maxLength} characters.`;
  if (v.tooShort) return `Use at least ${(c as HTMLInputElement).minLength} characters.`;
  if (v.patternMismatch) return c.title || 'Check the format.';
  return c.validationMessage || 'Check this field.';
}

/**
 * A form's problems, every one at once, each next to its field: the browser's checks of the
 * controls (required, type, min, max…) when the form is submitted, then the API's per-field
 * answer (`{ error: { fields: [{ field: 'body.banner.imageUrl', message }] } }`). After the first
 * attempt every input re-checks its field, so a problem goes as soon as the field is right (a
 * problem only the server knows goes when the field is edited).
 *
 * Use: `@input=${check.onInput} @change=${check.onInput}` on the form, `check.check(form)` before
 * sending, `check.fromApi(err)` on a refusal, and `check.field('banner.imageUrl', id)` under each
 * control (with `aria-describedby=${id}` and `aria-invalid=${check.invalid('banner.imageUrl')}`).
 */
export class FormCheck implements ReactiveController {
  #problems = new Map<string, string>();
  #attempted = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Checks every control; true when the form can be sent. */
  check(form: HTMLFormElement): boolean {
    this.#attempted = true;
    this.#problems = new Map();
    for (const c of form.querySelectorAll<Control>('input, select, textarea')) {
      const problem = problemOf(c);
      if (problem && !this.#problems.has(fieldOf(c))) this.#problems.set(fieldOf(c), problem);
    }
    this.host.requestUpdate();
    return this.#problems.size === 0;
  }

  /** Takes the API's per-field problems; true when every problem of the answer is shown at a field of `form`. */
  fromApi(err: unknown, form: HTMLFormElement | null): boolean {
    if (!(err instanceof ApiError) || !err.fields.length || !form) return false;
    const fields = new Set([...form.querySelectorAll<Control>('input, select, textarea')].map(fieldOf));
    let all = true;
    for (const f of err.fields) {
      const path = stripWhere(f.field);
      // The deepest control the path names: "banner.imageUrl", or "targetGroups" for "targetGroups.2".
      const at = [...fields].filter((x) => path === x || path.startsWith(`${x}.`)).sort((a, b) => b.length - a.length)[0];
      if (!at) {
        all = false;
        continue;
      }
      const before = this.#problems.get(at);
      this.#problems.set(at, before && before !== f.message ? `${before} ${f.message}` : f.message);
    }
    this.host.requestUpdate();
    return all;
  }

  /** On input or change anywhere in the form: re-checks the control's field after the first attempt. */
  readonly onInput = (ev: Event): void => {
    const c = ev.target as Control;
    if (!this.#attempted || !('name' in c) || !c.name) return;
    const field = fieldOf(c);
    const problem = problemOf(c);
    if (problem === (this.#problems.get(field) ?? null)) return;
    if (problem) this.#problems.set(field, problem);
    else this.#problems.delete(field);
    this.host.requestUpdate();
  };

  /** Forgets every problem (after a save). */
  clear(): void {
    this.#attempted = false;
    this.#problems = new Map();
    this.host.requestUpdate();
  }

  problem(field: string): string | null {
    return this.#problems.get(field) ?? null;
  }

  get count(): number {
    return this.#problems.size;
  }

  /** The problem of one field, under it. */
  field(field: string, id: string) {
    const text = this.#problems.get(field);
    return text ? html`<span class="field-error" id=${id} data-testid="field-error">${text}</span>` : nothing;
  }

  /** Above the form: how many fields to correct (each says what, next to it). */
  summary() {
    const n = this.#problems.size;
    return n ? html`<p class="error" role="alert" data-testid="form-problems">${n === 1 ? 'Please correct the field marked below.' : `Please correct the ${n} fields marked below.`}</p>` : nothing;
  }

  invalid(field: string): 'true' | 'false' {
    return this.#problems.has(field) ? 'true' : 'false';
  }
}
