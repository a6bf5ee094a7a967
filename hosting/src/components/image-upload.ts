import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { HostedImage, ImageMaxBytes } from '../../../functions/src/api-types.js';
import { messageOf, type Api } from '../api';
import { ConsoleElement } from '../core/element';

/** The server's limit (images/image-rules.ts): typed by it, so a change there fails this build until it is copied. */
const MAX_BYTES: ImageMaxBytes = 5_242_880;
const ACCEPT = 'image/png,image/jpeg,image/gif';
const mb = (n: number) => `${+(n / 1024 / 1024).toFixed(1)} MB`;

interface State {
  uploading: boolean;
  error: string | null;
  dragging: boolean;
}

/** What `image-change` carries: the new address, and its size when it was just uploaded. */
export interface ImageChange {
  url: string;
  image: HostedImage | null;
}

let seq = 0;

/**
 * An image field: choose a file (or drop one) and it is uploaded to Herald's image host
 * (POST /api/images), which answers a public address; or paste an address. Shows the image, the
 * reason in words when a file is refused (an SVG, a WebP, too large…), and is usable from the
 * keyboard alone (a native file input and a text field). With `name`, the address is a form field
 * (FormData sees it); `image-change` tells the page either way.
 */
export class ImageUpload extends ConsoleElement<State> {
  @property({ attribute: false }) api!: Api;
  @property() value = '';
  /** The form field's name for the address (FormData sees it); empty: not a form field. */
  @property() name = '';
  @property() label = 'Image';
  @property() hint = '';
  @property() describedBy = '';
  /** Show the address field (paste an image hosted elsewhere); off where only an upload makes sense. */
  @property({ type: Boolean }) showUrl = true;
  /** For the form's checks (core/form-check.ts): the address is required, named `what`, answers for API field `field`. */
  @property({ type: Boolean }) required = false;
  @property() what = '';
  @property() field = '';
  @property({ attribute: false }) invalid: 'true' | 'false' = 'false';
  private readonly uid = `image-upload-${++seq}`;

  private change(url: string, image: HostedImage | null): void {
    this.value = url;
    this.dispatchEvent(new CustomEvent<ImageChange>('image-change', { detail: { url, image }, bubbles: true }));
  }

  private async upload(file: File | undefined): Promise<void> {
    if (!file) return;
    if (file.size > MAX_BYTES) return this.set({ error: `This file is ${mb(file.size)}; an image can be at most ${mb(MAX_BYTES)}. Save it smaller (or as JPEG) and choose it again.` });
    this.set({ uploading: true, error: null });
    try {
      // The server reads the type from the bytes; the browser's guess goes along only as a label.
      const image = await this.api<HostedImage>('/images', { method: 'POST', body: file, headers: { 'Content-Type': file.type || 'application/octet-stream' } });
      this.change(image.url, image);
      this.set({ uploading: false });
    } catch (err) {
      this.set({ uploading: false, error: messageOf(err) });
    }
  }

  private drop(ev: DragEvent): void {
    ev.preventDefault();
    this.set({ dragging: false });
    void this.upload(ev.dataTransfer?.files[0]);
  }

  override render() {
    const { uploading, error, dragging } = this.state;
    const ids = [`${this.uid}-help`, error ? `${this.uid}-error` : '', this.describedBy].filter(Boolean).join(' ');
    return html`<div class="field image-upload">
      <span class="image-upload-label" id="${this.uid}-label">${this.label}</span>
      <div class="image-drop ${dragging ? 'dragging' : ''}" data-testid="image-drop"
        @dragover=${(ev: DragEvent) => { ev.preventDefault(); if (!dragging) this.set({ dragging: true }); }}
        @dragleave=${() => this.set({ dragging: false })}
        @drop=${(ev: DragEvent) => this.drop(ev)}>
        ${this.value ? html`<img class="image-upload-preview" src=${this.value} alt="${this.label}: the current image" data-testid="image-current" />` : html`<span class="muted">No image yet.</span>`}
        <label class="image-upload-pick">Upload a file (PNG, JPEG or GIF, up to ${mb(MAX_BYTES)}) or drop it here
          <input type="file" accept=${ACCEPT} aria-describedby=${ids} ?disabled=${uploading}
            @change=${(ev: Event) => { const input = ev.target as HTMLInputElement; void this.upload(input.files?.[0]).then(() => (input.value = '')); }} />
        </label>
      </div>
      <span class="muted" id="${this.uid}-help">${this.hint ? `${this.hint}. ` : ''}Gmail and Outlook show PNG, JPEG and GIF; SVG and WebP are refused because they do not. Photos lose their hidden details (camera, place) when uploaded.</span>
      ${uploading ? html`<p class="muted" role="status">Uploading…</p>` : nothing}
      ${error ? html`<p class="field-error" role="alert" id="${this.uid}-error" data-testid="image-error">${error}</p>` : nothing}
      ${this.showUrl
        ? html`<label>Or the image's web address
            <input type="url" name=${this.name || nothing} .value=${this.value} placeholder="https://cdn.acme.example/banner.png" aria-describedby=${this.describedBy || nothing}
              ?required=${this.required} data-what=${this.what || nothing} data-field=${this.field || nothing} aria-invalid=${this.invalid}
              @change=${(ev: Event) => this.change((ev.target as HTMLInputElement).value.trim(), null)} /></label>`
        : nothing}
    </div>`;
  }
}
customElements.define('h-image-upload', ImageUpload);
