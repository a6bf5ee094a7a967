import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { ConsoleElement } from '../core/element';

export type PreviewMode = 'desktop' | 'narrow' | 'dark';

/** The width a mail client gives a message: a desktop reading pane (a 600 px design and its margins), a phone. */
const CLIENT_WIDTH: Record<PreviewMode, number> = { desktop: 680, dark: 680, narrow: 375 };

interface Fit {
  /** The width the message is laid out at: the client's, or the design's when wider (a phone then zooms out). */
  layout: number;
  height: number;
}

/**
 * A rendered signature in a sandboxed frame, as it would sit under an email: in a desktop reading
 * pane, on a phone, or on a dark mail client background. The message is laid out at the client's
 * width and scaled down to the space here, never cut off: a 600 px design shows whole beside the
 * editor, and on a phone it is zoomed out as mail apps do.
 *
 * The frame runs no script (sandbox without allow-scripts); it shares the console's origin only so
 * that the console can measure what it laid out.
 */
export class SignaturePreview extends ConsoleElement<{ mode: PreviewMode }> {
  @property({ attribute: false }) html = '';
  @property() label = 'Signature preview';
  @property({ attribute: false }) modes = true;
  /** The space this element has, from a ResizeObserver. */
  @state() private space = 0;
  @state() private fit: Fit | null = null;
  private observer: ResizeObserver | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.observer = new ResizeObserver(([entry]) => {
      if (entry) this.space = Math.floor(entry.contentRect.width);
    });
    this.observer.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.observer = null;
  }

  private get mode(): PreviewMode {
    return this.state.mode ?? 'desktop';
  }

  /** After each load: the laid-out message's own width and height. */
  private measure(ev: Event): void {
    const frame = ev.target as HTMLIFrameElement;
    const root = frame.contentDocument?.documentElement;
    if (!root) return;
    const client = CLIENT_WIDTH[this.mode];
    // Laid out at the client's width and no height, the document's scroll size is the message's own.
    frame.style.width = `${client}px`;
    frame.style.height = '1px';
    const layout = Math.max(client, root.scrollWidth);
    frame.style.width = `${layout}px`;
    const height = Math.max(root.scrollHeight, 60);
    frame.style.height = `${height}px`;
    this.fit = { layout, height };
  }

  override render() {
    const mode = this.mode;
    const dark = mode === 'dark';
    const doc = `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:12px;font-family:Arial,sans-serif;${dark ? 'background:#1f1f1f;color:#e8e8e8' : 'background:#fff;color:#222'}}</style></head><body><p style="margin:0 0 12px;color:${dark ? '#aaa' : '#666'}">Best regards,</p>${this.html}</body></html>`;
    const client = CLIENT_WIDTH[mode];
    // The space here, less the viewport's 1 px border on each side.
    const shown = Math.min(this.space ? this.space - 2 : client, client);
    const layout = this.fit?.layout ?? client;
    const scale = Math.min(1, shown / layout);
    const height = this.fit?.height ?? 300;
    return html`
      ${this.modes
        ? html`<div class="segmented" role="group" aria-label="Preview size">
            ${(['desktop', 'narrow', 'dark'] as const).map(
              (m) => html`<button type="button" class="secondary" aria-pressed=${String(m === mode)} @click=${() => this.set({ mode: m })}>${m === 'desktop' ? 'Desktop' : m === 'narrow' ? 'Phone' : 'Dark mode'}</button>`,
            )}
          </div>`
        : ''}
      <div class="signature-viewport ${mode}" data-testid="signature-viewport" data-scale=${scale.toFixed(3)}
        style=${styleMap({ width: `${Math.ceil(layout * scale)}px`, height: `${Math.ceil(height * scale)}px` })}>
        <iframe sandbox="allow-same-origin" title=${this.label} class="signature-frame ${mode}" data-testid="signature-frame" .srcdoc=${doc}
          style=${styleMap({ width: `${layout}px`, height: `${height}px`, transform: scale < 1 ? `scale(${scale})` : 'none' })} @load=${(ev: Event) => this.measure(ev)}></iframe>
      </div>
    `;
  }
}
customElements.define('h-signature-preview', SignaturePreview);
