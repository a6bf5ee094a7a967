import { html } from 'lit';
import { ConsoleElement } from '../core/element';

/**
 * The ownership-proof step of connecting a directory: DNS TXT verification of the domain, Google
 * admin connect, or Microsoft admin consent. The tenant-trust API that performs these is not part
 * of this server yet: this element is the one place to wire it (render the proof where the
 * "not available yet" paragraph is).
 */
export class OwnershipProof extends ConsoleElement {
  source: 'google' | 'microsoft' | 'csv' = 'google';
  domains: string[] = [];

  override render() {
    if (this.source === 'csv') return html``;
    const what = this.source === 'google' ? 'a Google Workspace super admin connects Herald' : 'a Microsoft 365 global admin grants consent to Herald';
    return html`<section class="panel" aria-labelledby="proof-title" data-testid="ownership-proof">
      <h3 id="proof-title">Prove that ${this.domains.join(', ') || 'your domain'} is yours</h3>
      <p>Before Herald reads a directory, ${what}, and your domain is verified with a DNS TXT record.</p>
      <p class="muted" data-testid="not-available">Not available yet: domain verification and admin connect arrive with a coming update. Until then, the settings below are saved and syncs run with the product's service account, as before.</p>
    </section>`;
  }
}
customElements.define('h-ownership-proof', OwnershipProof);
