import { html } from 'lit';
import '../components/signature-preview';
import { copyRich, toast } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import type { UserSignature } from '../../../functions/src/api-types.js';

/**
 * The employee's rendered signature, to see and to copy as a real signature. The frame shows the
 * preview rendering (its banner is not counted); "Copy signature" copies the one to send, with
 * counted banner links, which is never loaded in a frame.
 */
export class MySignature extends ScreenElement {
  private readonly signature = new Resource(this, 'Your signature', async () => {
    const [preview, send] = await Promise.all([this.api<UserSignature>('/me/signature?purpose=preview'), this.api<UserSignature>('/me/signature')]);
    return { preview, send };
  });

  private async copy(s: UserSignature): Promise<void> {
    try {
      await copyRich(s.html, s.text);
      toast('Signature copied: paste it into your mail settings.');
    } catch {
      toast('The browser refused the clipboard; select the signature and copy it.');
    }
  }

  override render() {
    return html`<h1>My signature</h1>
      ${this.signature.render(
        ({ preview, send }) => html`
          <h-signature-preview .html=${preview.html} label="Your email signature"></h-signature-preview>
          <div class="row"><button type="button" @click=${() => void this.copy(send)}>Copy signature</button></div>
          <p class="muted">"Copy signature" copies it formatted: paste it in Gmail (Settings → See all settings → Signature) or in Outlook (Settings → Mail → Compose and reply → Email signature).
            Gmail signatures of Google Workspace companies are updated automatically when your admin deploys them.</p>
          <details><summary>Plain-text version</summary><pre class="signature-text">${preview.text}</pre></details>
        `,
      )}`;
  }
}
customElements.define('h-my-signature', MySignature);
