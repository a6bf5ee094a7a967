import { html } from 'lit';
import { ConsoleElement } from '../core/element';

export type PreviewMode = 'desktop' | 'narrow' | 'dark';

/**
 * A rendered signature in a sandboxed frame (no scripts, no same-origin access), as it would sit
 * under an email: desktop width, a phone's width, or on a dark mail client background.
 */
export class SignaturePreview extends ConsoleElement<{ mode: PreviewMode }> {
  html = '';
  label = 'Signature preview';
  modes = true;

  override render() {
    const mode = this.state.mode ?? 'desktop';
    const dark = mode === 'dark';
    const doc = `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:12px;font-family:Arial,sans-serif;${dark ? 'background:#1f1f1f;color:#e8e8e8' : 'background:#fff;color:#222'}}</style></head><body><p style="margin:0 0 12px;color:${dark ? '#aaa' : '#666'}">Best regards,</p>${this.html}</body></html>`;
    return html`
      ${this.modes
        ? html`<div class="segmented" role="group" aria-label="Preview size">
            ${(['desktop', 'narrow', 'dark'] as const).map(
              (m) => html`<button type="button" class="secondary" aria-pressed=${String(m === mode)} @click=${() => this.set({ mode: m })}>${m === 'desktop' ? 'Desktop' : m === 'narrow' ? 'Phone' : 'Dark mode'}</button>`,
            )}
          </div>`
        : ''}
      <iframe sandbox="" title=${this.label} class="signature-frame ${mode}" data-testid="signature-frame" .srcdoc=${doc}></iframe>
    `;
  }
}
customElements.define('h-signature-preview', SignaturePreview);
