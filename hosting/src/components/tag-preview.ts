import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { TagPreview } from '../../../functions/src/api-types.js';
import type { Api } from '../api';
import { messageOf } from '../api';
import { ConsoleElement } from '../core/element';

/** What the campaign editor asks to see: the campaign's name, its own tags, and each banner link (a variant's with its short name). */
export interface TagRequest {
  name: string;
  utm?: { source?: string; medium?: string; campaign?: string };
  links: { destinationUrl: string; variantId: string | null; label: string }[];
}

interface State {
  preview: TagPreview | null;
  error: unknown;
}

/**
 * The address a click on the banner opens once tagged for web analytics, as the admin types: the
 * server tags it with the redirect's own rules (POST /campaigns/tag-preview), so what is shown is
 * what a click gets. Asked again 350 ms after the last change.
 */
export class TagPreviewBox extends ConsoleElement<State> {
  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) request: TagRequest | null = null;

  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The request last sent (JSON): the same one is not asked twice. */
  @state() private asked = '';

  override updated(changed: PropertyValues<this>): void {
    if (!changed.has('request')) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), 350);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private async load(): Promise<void> {
    const request = this.request;
    const key = JSON.stringify(request);
    if (!request || key === this.asked) return;
    this.asked = key;
    try {
      const preview = await this.api<TagPreview>('/campaigns/tag-preview', {
        method: 'POST',
        json: { name: request.name, ...(request.utm ? { utm: request.utm } : {}), links: request.links.map(({ destinationUrl, variantId }) => ({ destinationUrl, variantId })) },
      });
      if (key === JSON.stringify(this.request)) this.set({ preview, error: null });
    } catch (err) {
      if (key === JSON.stringify(this.request)) this.set({ preview: null, error: err });
    }
  }

  override render() {
    const { preview, error } = this.state;
    const request = this.request;
    if (!request) return html`<p class="muted" data-testid="tag-preview">Enter a name and where a click goes to see the address a click opens.</p>`;
    if (error) return html`<p class="muted" data-testid="tag-preview">The example appears once the tags above are valid: ${messageOf(error)}</p>`;
    if (!preview) return html`<p class="muted" data-testid="tag-preview">Preparing the example…</p>`;
    return html`<div data-testid="tag-preview" class="stack">
      <p>${preview.links.length > 1 ? 'A click on the banner opens, depending on the variant the employee shows:' : 'A click on the banner opens:'}</p>
      <ul class="tagged-links">
        ${preview.links.map(
          (l, i) => html`<li>${request.links[i]?.label ? html`<span class="muted">${request.links[i]!.label}: </span>` : nothing}<code data-testid="tagged-url">${l.url}</code></li>`,
        )}
      </ul>
      ${preview.enabled
        ? nothing
        : html`<p class="muted" data-testid="tags-off">Tags are switched off for your company, so clicks open the address without them for now. Switch them on under Settings on the <a href="/">Overview</a> page.</p>`}
      <p class="muted">The tags name the campaign${preview.links.some((l) => l.variantId) ? ' and the variant' : ''}: never the employee, nor the person who clicks. Tags already in the address are kept as they are.</p>
    </div>`;
  }
}
customElements.define('h-tag-preview', TagPreviewBox);
