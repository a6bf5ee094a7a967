import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { DomainView, MicrosoftConsent, OwnerContact, OwnerContacts, TenantDomains } from '../../../functions/src/api-types.js';
import type { Api } from '../api';
import { ConsoleElement } from '../core/element';
import { googleAdminAccessToken, microsoftAdminIdToken } from '../core/provider-proof';
import { FormCheck } from '../core/form-check';
import { Resource } from '../core/resource';
import { busy, errorBox } from '../core/ui';

interface State {
  adding: boolean;
  addError: unknown;
  verifying: string | null;
  verifyError: { domain: string; error: unknown } | null;
  consentUrl: string | null;
  connecting: boolean;
  connectError: unknown;
}

/**
 * The ownership-proof step of connecting a directory (tenant trust): Herald acts only on domains
 * the customer proved it owns. A domain is proven by a DNS TXT record, or by the identity provider
 * (a Google Workspace super admin's own sign-in, Microsoft admin consent); the bound Google
 * customer / Entra tenant are shown, never typed in. Owners act; an admin sees where things stand,
 * who the owners are by name, and what to ask them.
 */
export class OwnershipProof extends ConsoleElement<State> {
  @property({ attribute: false }) api!: Api;
  @property() source: 'google' | 'microsoft' | 'csv' = 'google';
  @property({ attribute: false }) canAct = false;

  /** Loaded once the consent redirect (if any) is finished, so the list shows its result. */
  private readonly domains = new Resource(this, 'Your domains and their verification', async () => {
    await this.consentDone;
    return this.api<TenantDomains>('/tenant/domains');
  });
  private consentDone: Promise<void> | null = null;
  /** Whom to ask, for someone who may not do this step (an owner needs nobody). */
  private readonly owners = new Resource(this, 'Your owners', async () => (this.canAct ? [] : (await this.api<OwnerContacts>('/tenant/owners')).owners));
  private readonly form = new FormCheck(this);

  override connectedCallback(): void {
    this.consentDone ??= this.finishConsent();
    super.connectedCallback();
  }

  /**
   * Microsoft's admin consent redirects back here (the redirect_uri) with admin_consent, tenant
   * and Herald's signed state, or an error: forwarded under the owner's own session, which must be
   * the one that asked for the link. The query is then dropped from the address bar.
   */
  private async finishConsent(): Promise<void> {
    const query = new URLSearchParams(location.search);
    if (!query.has('state') || !(query.has('admin_consent') || query.has('error'))) return;
    const fields = ['state', 'admin_consent', 'tenant', 'error', 'error_description', 'scope'] as const;
    const json = Object.fromEntries(fields.filter((f) => query.has(f)).map((f) => [f, query.get(f)!]));
    history.replaceState(history.state, '', location.pathname);
    this.set({ connecting: true, connectError: null });
    try {
      await this.api('/tenant/microsoft/consent/complete', { method: 'POST', json });
    } catch (err) {
      this.set({ connectError: err });
    }
    this.set({ connecting: false });
  }

  private load(): Promise<void> {
    return this.domains.reload();
  }

  private async add(ev: Event): Promise<void> {
    ev.preventDefault();
    const form = ev.target as HTMLFormElement;
    if (!this.form.check(form)) return;
    const input = form.querySelector<HTMLInputElement>('input[name=domain]');
    this.set({ adding: true, addError: null });
    try {
      await this.api('/tenant/domains', { method: 'POST', json: { domain: input?.value.trim() ?? '' } });
      if (input) input.value = '';
      this.form.clear();
      await this.load();
    } catch (err) {
      this.set({ addError: this.form.fromApi(err, form) ? null : err });
    }
    this.set({ adding: false });
  }

  private async verify(domain: string): Promise<void> {
    this.set({ verifying: domain, verifyError: null });
    try {
      await this.api('/tenant/domains/verify', { method: 'POST', json: { domain } });
      await this.load();
    } catch (error) {
      this.set({ verifyError: { domain, error } });
    }
    this.set({ verifying: null });
  }

  private async consent(): Promise<void> {
    try {
      const { adminConsentUrl } = await this.api<MicrosoftConsent>('/tenant/microsoft/consent');
      const url = new URL(adminConsentUrl);
      url.searchParams.set('redirect_uri', `${location.origin}/directory/connect`);
      this.set({ consentUrl: url.toString() });
    } catch (err) {
      // E.g. Herald's app is consented there already: the answer says to sign in as an administrator instead.
      this.set({ connectError: err });
    }
  }

  /** Binds the Google customer or Entra tenant from the admin's own sign-in (never typed in). */
  private async connect(kind: 'google' | 'microsoft'): Promise<void> {
    this.set({ connecting: true, connectError: null });
    try {
      const json = kind === 'google' ? { accessToken: await googleAdminAccessToken() } : { idToken: await microsoftAdminIdToken() };
      await this.api(`/tenant/${kind}/connect`, { method: 'POST', json });
      await this.load();
    } catch (err) {
      this.set({ connectError: err });
    }
    this.set({ connecting: false });
  }

  private connectButton(kind: 'google' | 'microsoft') {
    const label = kind === 'google' ? 'Connect Google Workspace (sign in as a super admin)' : 'Connect Microsoft 365 (sign in as a Global Administrator)';
    return html`<button type="button" ?disabled=${this.state.connecting} @click=${() => void this.connect(kind)}>${this.state.connecting ? 'Connecting…' : label}</button>
      ${this.state.connectError ? errorBox(this.state.connectError) : nothing}`;
  }

  override render() {
    return this.domains.render((data) => this.renderProof(data), 'Loading your domains…');
  }

  private renderProof(data: TenantDomains) {
    const verified = data.domains.filter((d) => d.verified);
    return html`<section class="panel stack" aria-labelledby="proof-title" data-testid="ownership-proof">
      <h3 id="proof-title">Prove that your domains are yours</h3>
      <p>Herald reads a directory, writes signatures and accepts people only on domains your organisation proved it owns.
        ${verified.length ? html`Verified: <strong>${verified.map((d) => d.domain).join(', ')}</strong>.` : html`<strong>No domain is verified yet</strong>: syncs are held and imports refuse every row until one is.`}</p>
      ${this.who()}
      ${this.canAct ? nothing : this.askTheOwners(data)}
      ${this.source === 'google'
        ? html`<p>${data.googleCustomerId ? html`Google Workspace customer <code>${data.googleCustomerId}</code> is bound to this tenant.` : html`A Google Workspace super admin connects Herald by signing in with Google; the customer id and the domains Google verified are bound from that sign-in, never typed in.`}
            ${!data.googleCustomerId && this.canAct ? this.connectButton('google') : nothing}</p>`
        : this.source === 'microsoft'
          ? html`<p>${data.entraTenantId ? html`Microsoft Entra tenant <code>${data.entraTenantId}</code> is bound to this tenant.` : html`A Microsoft 365 Global Administrator grants consent to Herald's app (the link below, valid 15 minutes), or, if Herald's app is already consented, signs in here; the Entra tenant and its verified domains are bound from that proof.`}
              ${!data.entraTenantId && this.canAct ? html`<button type="button" class="secondary" @click=${() => void this.consent()}>Get the admin-consent link</button>` : nothing}
              ${this.state.consentUrl ? html`<a href=${this.state.consentUrl} rel="noopener">Open Microsoft's admin consent</a>` : nothing}
              ${!data.entraTenantId && this.canAct ? this.connectButton('microsoft') : nothing}</p>`
          : nothing}
      <div class="table-wrap" tabindex="0" role="region" aria-label="Domains and their verification"><table data-testid="domains">
        <thead><tr><th scope="col">Domain</th><th scope="col">Status</th><th scope="col">DNS TXT record to publish</th><th scope="col">Action</th></tr></thead>
        <tbody>${data.domains.map((d) => this.row(d))}</tbody>
      </table></div>
      ${this.canAct
        ? html`<form class="row" novalidate @submit=${(ev: Event) => void this.add(ev)} @input=${this.form.onInput}>
            <label>Another domain <input name="domain" required data-what="a domain name, like example.com" placeholder="example.com" aria-describedby="err-domain" aria-invalid=${this.form.invalid('domain')} />${this.form.field('domain', 'err-domain')}</label>
            <button type="submit" ?disabled=${this.state.adding}>${this.state.adding ? 'Adding…' : 'Add domain'}</button>
          </form>
          ${this.state.addError ? errorBox(this.state.addError) : nothing}`
        : html`<p class="muted">Only an owner can add or verify domains${this.owners.value?.length ? html`: ${names(this.owners.value)}` : ''}.</p>`}
    </section>`;
  }

  /** Who may do this step: owners of Herald, and for a provider's proof, that provider's administrator. */
  private who() {
    const provider =
      this.source === 'google'
        ? ' who is also a Google Workspace super admin, or any owner with a DNS record on each domain'
        : this.source === 'microsoft'
          ? ', with the admin consent or the sign-in of a Microsoft 365 Global Administrator, or any owner with a DNS record on each domain'
          : ', with a DNS record on each domain';
    return html`<p class="step-who" data-testid="who"><strong>Who:</strong> an owner of Herald${provider}.</p>`;
  }

  /** For an admin who is not an owner: who the owners are and what to ask them, with a ready email. */
  private askTheOwners(data: TenantDomains) {
    const owners = this.owners.value;
    if (!owners) return this.owners.error ? nothing : busy('Finding your owners…');
    if (data.domains.length && data.domains.every((d) => d.verified) && (this.source === 'csv' || (this.source === 'google' ? data.googleCustomerId : data.entraTenantId))) return nothing;
    const ask =
      this.source === 'google'
        ? 'click “Connect Google Workspace” and sign in as a Google Workspace super admin (or publish the DNS record shown below and click Verify)'
        : this.source === 'microsoft'
          ? 'get Microsoft’s admin-consent link for a Microsoft 365 Global Administrator, or sign in as one with “Connect Microsoft 365”'
          : 'publish the DNS TXT record shown below on each domain and click Verify';
    const request = `Please sign in to Herald, open Directory → Connect the directory, and in the step “Prove it is yours” ${ask}. Only an owner can do this step.`;
    const emails = owners.map((o) => o.email).filter(Boolean).join(',');
    return html`<div class="callout" data-testid="ask-owner" role="note">
      <p><strong>Only an owner can do this step.</strong> ${owners.length
        ? html`Ask ${names(owners)} to sign in to Herald, open Directory → Connect the directory and ${ask}.`
        : html`Your tenant has no owner who can be reached; contact Herald's support.`}</p>
      ${emails ? html`<p><a class="button secondary" href=${`mailto:${emails}?subject=${encodeURIComponent('Herald: please prove our domain')}&body=${encodeURIComponent(request)}`}>Email ${owners.length === 1 ? (owners[0]!.name ?? owners[0]!.email) : 'the owners'}</a></p>` : nothing}
    </div>`;
  }

  private row(d: DomainView) {
    const failed = this.state.verifyError?.domain === d.domain ? this.state.verifyError.error : null;
    return html`<tr>
      <td>${d.domain}</td>
      <td>${d.verified ? 'Verified' : 'Not verified'}</td>
      <td>${d.txtRecord ? html`<code>${d.txtRecord.name}</code> ${d.txtRecord.type} <code>${d.txtRecord.value}</code>` : '—'}${failed ? errorBox(failed) : nothing}</td>
      <td>${!d.verified && this.canAct
        ? html`<button type="button" class="secondary" ?disabled=${this.state.verifying === d.domain} @click=${() => void this.verify(d.domain)}>${this.state.verifying === d.domain ? 'Checking…' : 'Verify'}</button>`
        : nothing}</td>
    </tr>`;
  }
}
customElements.define('h-ownership-proof', OwnershipProof);

/** "Olivia Owner (owner@acme.example) or Sam Sample (…)". */
const names = (owners: OwnerContact[]) => owners.map((o) => (o.name ? `${o.name} (${o.email ?? 'no email'})` : (o.email ?? 'an owner'))).join(' or ');
