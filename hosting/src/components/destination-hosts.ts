import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { DestinationHosts } from '../../../functions/src/api-types.js';
import type { Api } from '../api';
import { ConsoleElement } from '../core/element';
import { confirmDialog, toast } from '../core/dialog';
import { Resource } from '../core/resource';
import { errorBox, fieldError } from '../core/ui';

interface State {
  adding: boolean;
  addError: unknown;
  removing: string | null;
  removeError: unknown;
}

/** What the admin typed or pasted: a whole web address counts as its host name. */
function hostOf(typed: string): string {
  const value = typed.trim();
  if (!/^https?:\/\//i.test(value)) return value;
  try {
    return new URL(value).hostname;
  } catch {
    return value;
  }
}

/** A host name that wraps at its dots on a narrow screen, never inside a label. */
const hostName = (host: string) => html`<span class="host">${host.split('.').map((label, i) => (i ? html`<wbr />.${label}` : label))}</span>`;

/**
 * Where the tenant's banner links, banner images and fallback address may lead (issue 20): its
 * verified domains, always, and the hosts its admins allow here (each with its subdomains). A
 * campaign or fallback address leading elsewhere is refused when saved, with a message pointing
 * here. Admins only (the API's access rule too).
 */
export class DestinationHostsEditor extends ConsoleElement<State> {
  @property({ attribute: false }) api!: Api;
  /** The tenant's fallback address, named in the confirmation before a host is removed. */
  @property({ attribute: false }) fallbackUrl: string | null = null;

  private readonly hosts = new Resource(this, 'Allowed link destinations', () => this.api<DestinationHosts>('/tenant/destination-hosts'));

  private async addHost(ev: Event): Promise<void> {
    ev.preventDefault();
    const input = (ev.target as HTMLFormElement).querySelector<HTMLInputElement>('input[name=host]');
    const host = hostOf(input?.value ?? '');
    this.set({ adding: true, addError: null, removeError: null });
    try {
      const data = await this.api<DestinationHosts>('/tenant/destination-hosts', { method: 'POST', json: { host } });
      if (input) input.value = '';
      this.hosts.value = data;
      this.set({ adding: false });
      toast(`Links may now lead to ${host}.`);
    } catch (err) {
      this.set({ adding: false, addError: err });
    }
  }

  private async removeHost(host: string): Promise<void> {
    const where = this.fallbackUrl ? `your fallback address (${this.fallbackUrl})` : 'your fallback address (your own website until you set one under “Where links of ended campaigns go”)';
    const ok = await confirmDialog({
      title: `Stop allowing ${host}?`,
      body: `Links already sent that lead to ${host} or its subdomains will go to ${where} from now on, and campaigns can no longer be saved with a link there.`,
      confirm: 'Remove',
      danger: true,
    });
    if (!ok) return;
    this.set({ removing: host, removeError: null, addError: null });
    try {
      const data = await this.api<DestinationHosts>(`/tenant/destination-hosts/${encodeURIComponent(host)}`, { method: 'DELETE' });
      this.hosts.value = data;
      this.set({ removing: null });
      toast(`${host} is no longer allowed.`);
    } catch (err) {
      this.set({ removing: null, removeError: err });
    }
  }

  override render() {
    return this.hosts.render((data) => this.renderHosts(data), 'Loading allowed link destinations…');
  }

  private renderHosts(data: DestinationHosts) {
    const { adding, addError, removing, removeError } = this.state;
    const hostProblem = fieldError(addError, 'host', 'err-host');
    return html`<section class="panel stack" aria-labelledby="destinations-title" data-testid="destination-hosts">
      <h2 id="destinations-title">Allowed link destinations</h2>
      <p class="muted host-intro">Banner links, banner images and the address for links of ended campaigns may lead only to these websites and their subdomains. Herald refuses any other address when a campaign is saved, and never sends anyone there.</p>
      <ul class="host-list" aria-label="Allowed websites">
        ${data.verifiedDomains.map((d) => html`<li>${hostName(d)}<span class="badge">Verified domain · always allowed</span></li>`)}
        ${data.allowedHosts.map(
          (h) => html`<li data-testid="allowed-host">${hostName(h)}
            <button type="button" class="secondary" aria-label=${`Remove ${h}`} ?disabled=${removing === h} @click=${() => void this.removeHost(h)}>${removing === h ? 'Removing…' : 'Remove'}</button></li>`,
        )}
        ${data.verifiedDomains.length + data.allowedHosts.length === 0 ? html`<li class="muted">No website yet: verify a domain or allow one below.</li>` : nothing}
      </ul>
      ${removeError ? errorBox(removeError) : nothing}
      <form class="host-add" novalidate @submit=${(ev: Event) => void this.addHost(ev)}>
        <label>Allow another website
          <input name="host" placeholder="shop.partner.example" autocomplete="off" spellcheck="false" aria-describedby="err-host" aria-invalid=${hostProblem === nothing ? 'false' : 'true'}
            @input=${() => addError && this.set({ addError: null })} /></label>
        <button type="submit" ?disabled=${adding}>${adding ? 'Allowing…' : 'Allow'}</button>
        ${hostProblem}
      </form>
      ${addError && hostProblem === nothing ? errorBox(addError) : nothing}
    </section>`;
  }
}
customElements.define('h-destination-hosts', DestinationHostsEditor);
