import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { DesignField, DesignLayout, SocialKind, TemplateDesign } from '../../../functions/src/api-types.js';
import type { Api } from '../api';
import { ConsoleElement } from '../core/element';
import './image-upload';
import type { ImageChange } from './image-upload';
import { checkBrandColor, GRAPHIC_MIN_CONTRAST } from '../templates/contrast';
import { DESIGN_FIELD_LIST, FIELD_LABELS, LAYOUT_LABELS, LAYOUT_LIST, SOCIAL_KIND_LIST, SOCIAL_LABELS } from '../templates/designer';

/** The logo the designer shows: its address and its own size (the layout scales it). */
export type DesignLogo = TemplateDesign['logo'];

interface State {
  design: TemplateDesign;
  logoUrl: string;
  logoError: string;
  /** Problems by field key (`websiteUrl`, `social.0`), each a sentence. */
  urlErrors: Record<string, string>;
}

const WEB_URL = /^https?:\/\/[^\s/]+/i;

/**
 * A form that designs a signature without writing HTML: layout, logo, company, brand colour, the
 * fields shown, social links and a legal line. Every change goes through `set()` and fires
 * `design-change` with the new design; the template editor turns it into HTML (templates/designer.ts).
 * The logo is one seam, `setLogo()`: the URL field below calls it today; an upload component can
 * call it the same way.
 */
export class TemplateDesigner extends ConsoleElement<State> {
  @property({ attribute: false }) design!: TemplateDesign;
  /** With the API, the logo can be uploaded (hosted by Herald: components/image-upload.ts), not only given by address. */
  @property({ attribute: false }) api: Api | null = null;

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // The same design again (a new object with equal content, from the parent's re-render) keeps what is being typed.
    if (changed.has('design') && this.design && JSON.stringify(this.design) !== JSON.stringify(this.state.design)) {
      this.state = { ...this.state, design: this.design, logoUrl: this.design.logo?.url ?? '' };
    }
  }

  private get current(): TemplateDesign {
    return this.state.design ?? this.design;
  }

  private update_(patch: Partial<TemplateDesign>): void {
    const design = { ...this.current, ...patch };
    this.set({ design });
    this.dispatchEvent(new CustomEvent<TemplateDesign>('design-change', { detail: design, bubbles: true }));
  }

  /** The logo seam: a URL field today, a hosted upload later; null removes the logo. */
  setLogo(logo: DesignLogo): void {
    this.set({ logoError: '', logoUrl: logo?.url ?? '' });
    this.update_({ logo });
  }

  /** Loads the image to learn its size (email clients need width and height on every image). */
  private logoUrlChanged(url: string): void {
    const value = url.trim();
    this.set({ logoUrl: value });
    if (!value) return this.setLogo(null);
    if (!WEB_URL.test(value)) return this.set({ logoError: 'Enter the address of an image, starting with https://' });
    const img = new Image();
    img.onload = () => {
      if (this.state.logoUrl === value) this.setLogo({ url: value, width: img.naturalWidth || 80, height: img.naturalHeight || 80 });
    };
    img.onerror = () => {
      if (this.state.logoUrl === value) this.set({ logoError: 'This image could not be loaded. Check the address (PNG, JPEG or GIF; not SVG, which Gmail and Outlook do not show).' });
    };
    img.src = value;
  }

  private urlChanged(key: string, value: string, apply: (url: string) => void): void {
    const v = value.trim();
    const urlErrors = { ...this.state.urlErrors };
    if (v && !WEB_URL.test(v)) urlErrors[key] = 'Enter a web address starting with https://';
    else delete urlErrors[key];
    this.set({ urlErrors });
    if (!urlErrors[key]) apply(v);
  }

  private toggleField(field: DesignField, on: boolean): void {
    const fields = DESIGN_FIELD_LIST.filter((f) => (f === field ? on : this.current.fields.includes(f)));
    this.update_({ fields });
  }

  private setSocial(index: number, patch: Partial<{ kind: SocialKind; url: string }>): void {
    this.update_({ social: this.current.social.map((s, i) => (i === index ? { ...s, ...patch } : s)) });
  }

  private addSocial(): void {
    const used = new Set(this.current.social.map((s) => s.kind));
    const kind = SOCIAL_KIND_LIST.find((k) => !used.has(k)) ?? 'website';
    // A new link waits for its address: it is kept out of the design until the address is valid.
    this.update_({ social: [...this.current.social, { kind, url: '' }] });
  }

  private removeSocial(index: number): void {
    const urlErrors = { ...this.state.urlErrors };
    delete urlErrors[`social.${index}`];
    this.set({ urlErrors });
    this.update_({ social: this.current.social.filter((_, i) => i !== index) });
  }

  override render() {
    const d = this.current;
    if (!d) return nothing;
    const errors = this.state.urlErrors ?? {};
    return html`<div class="stack designer" data-testid="template-designer">
      <fieldset>
        <legend>Layout</legend>
        <div class="choices">
          ${LAYOUT_LIST.map(
            (layout: DesignLayout) => html`<label class="inline choice ${d.layout === layout ? 'chosen' : ''}">
              <input type="radio" name="designer-layout" .checked=${d.layout === layout} @change=${() => this.update_({ layout })} /> ${LAYOUT_LABELS[layout]}
            </label>`,
          )}
        </div>
      </fieldset>
      <fieldset>
        <legend>Company</legend>
        ${this.renderLogoField()}
        <label>Company name <input .value=${d.companyName} maxlength="120" @input=${(ev: Event) => this.update_({ companyName: (ev.target as HTMLInputElement).value.trim() })} /></label>
        <label>Website
          <input type="url" .value=${d.websiteUrl ?? ''} placeholder="https://www.example.com/" aria-describedby="err-design-website" aria-invalid=${errors.websiteUrl ? 'true' : 'false'}
            @input=${(ev: Event) => this.urlChanged('websiteUrl', (ev.target as HTMLInputElement).value, (url) => this.update_({ websiteUrl: url || null }))} />
          <span class="field-error" id="err-design-website">${errors.websiteUrl ?? ''}</span>
        </label>
        ${this.renderBrandColor(d.brandColor)}
      </fieldset>
      <fieldset>
        <legend>Show</legend>
        <div class="choices">
          ${DESIGN_FIELD_LIST.map(
            (f) => html`<label class="inline"><input type="checkbox" .checked=${d.fields.includes(f)} @change=${(ev: Event) => this.toggleField(f, (ev.target as HTMLInputElement).checked)} /> ${FIELD_LABELS[f]}</label>`,
          )}
        </div>
        <p class="muted">A field someone has no value for is left out of their signature, with its line.</p>
      </fieldset>
      <fieldset>
        <legend>Social links</legend>
        ${d.social.length ? nothing : html`<p class="muted">No social links yet. Each shows as a small round icon that links to your page.</p>`}
        ${d.social.map(
          (s, i) => html`<div class="row social-link">
            <label>Network ${i + 1}
              <select @change=${(ev: Event) => this.setSocial(i, { kind: (ev.target as HTMLSelectElement).value as SocialKind })}>
                ${SOCIAL_KIND_LIST.map((k) => html`<option value=${k} ?selected=${k === s.kind}>${SOCIAL_LABELS[k]}</option>`)}
              </select>
            </label>
            <label class="grow">Link ${i + 1}
              <input type="url" .value=${s.url} placeholder="https://" aria-describedby="err-design-social-${i}" aria-invalid=${errors[`social.${i}`] ? 'true' : 'false'}
                @input=${(ev: Event) => this.urlChanged(`social.${i}`, (ev.target as HTMLInputElement).value, (url) => this.setSocial(i, { url }))} />
              <span class="field-error" id="err-design-social-${i}">${errors[`social.${i}`] ?? ''}</span>
            </label>
            <button type="button" class="link" @click=${() => this.removeSocial(i)}>Remove link ${i + 1}</button>
          </div>`,
        )}
        ${d.social.length < 8 ? html`<div><button type="button" class="secondary" @click=${() => this.addSocial()}>Add a social link</button></div>` : nothing}
      </fieldset>
      <fieldset>
        <legend>Legal line</legend>
        <label>Text under the signature <span class="muted">(company registration, confidentiality note; plain text)</span>
          <textarea rows="2" maxlength="600" .value=${d.legal} @input=${(ev: Event) => this.update_({ legal: (ev.target as HTMLTextAreaElement).value.trim() })}></textarea>
        </label>
      </fieldset>
    </div>`;
  }

  /** The logo field: today an image address. An upload component can replace this block and call setLogo(). */
  private renderLogoField() {
    const err = this.state.logoError ?? '';
    const upload = this.api
      ? html`<h-image-upload label="Logo" hint="About 160 × 160 pixels; the layout shows it smaller" .api=${this.api} .value=${this.state.logoUrl ?? ''} .showUrl=${false}
          @image-change=${(ev: CustomEvent<ImageChange>) => ev.detail.image && this.setLogo({ url: ev.detail.url, width: ev.detail.image.width, height: ev.detail.image.height })}></h-image-upload>`
      : nothing;
    return html`<div class="field logo-field">
      ${upload}
      <label>${this.api ? 'Or the logo image address' : 'Logo image address'}
        <input type="url" .value=${this.state.logoUrl ?? ''} placeholder="https://www.example.com/logo.png" aria-describedby="logo-help err-design-logo" aria-invalid=${err ? 'true' : 'false'}
          @change=${(ev: Event) => this.logoUrlChanged((ev.target as HTMLInputElement).value)} />
      </label>
      <span class="muted" id="logo-help">A PNG or JPEG at a public https:// address; empty for no logo.</span>
      <span class="field-error" id="err-design-logo" role=${err ? 'alert' : nothing}>${err}</span>
    </div>`;
  }

  private renderBrandColor(color: string) {
    const check = checkBrandColor(color);
    const hard = [check.onLight < GRAPHIC_MIN_CONTRAST ? `a light mail background (${check.onLight.toFixed(1)}:1)` : '', check.onDark < GRAPHIC_MIN_CONTRAST ? `a dark mail background (${check.onDark.toFixed(1)}:1)` : '']
      .filter(Boolean)
      .join(' and ');
    return html`<div class="field">
      <label class="inline">Brand colour <input type="color" .value=${color} @input=${(ev: Event) => this.update_({ brandColor: (ev.target as HTMLInputElement).value.toLowerCase() })} /> <code>${color}</code></label>
      <span class="muted">Used for the line beside the details and the company label. Text stays in the reader’s own colour, so it reads in light and dark mode.</span>
      ${check.ok
        ? nothing
        : html`<div class="notice" role="status" data-testid="brand-contrast-warning">
            <p class="field-error">This colour is hard to see on ${hard}. Lines and labels need ${GRAPHIC_MIN_CONTRAST}:1 on both light and dark (dark mode) backgrounds.</p>
            ${check.suggestion
              ? html`<button type="button" class="secondary" @click=${() => this.update_({ brandColor: check.suggestion! })}>
                  <span class="swatch" style="background:${check.suggestion}" aria-hidden="true"></span> Use ${check.suggestion} instead
                </button>`
              : nothing}
          </div>`}
    </div>`;
  }
}
customElements.define('h-template-designer', TemplateDesigner);
