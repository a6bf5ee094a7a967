import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { Api } from '../api';
import { ConsoleElement } from '../core/element';
import { Resource } from '../core/resource';
import { day, when } from '../core/ui';
import type { Me, MyInstallation, UserSignature } from '../../../functions/src/api-types.js';
import './notification-list';
import './signature-preview';

/**
 * An employee's home: their signature (the preview rendering, never counted), whether it is
 * installed (the last Gmail push, the last day their Outlook add-in fetched it) and their
 * notifications.
 */
export class EmployeeHome extends ConsoleElement {
  @property({ attribute: false }) api!: Api;
  @property({ attribute: false }) me!: Me;

  private readonly data = new Resource(this, 'Your signature and whether it is installed', async () => {
    const [signature, installed] = await Promise.all([this.api<UserSignature>('/me/signature?purpose=preview'), this.api<MyInstallation>('/me/installation')]);
    return { signature, installed };
  });

  override render() {
    return html`<h1>Your signature</h1>
      ${this.data.render(
        ({ signature, installed }) => html`
          <h-signature-preview .html=${signature.html} .modes=${false} label="Your email signature"></h-signature-preview>
          <p><a href="/signature">Copy it or see it on a phone and in dark mode</a></p>
          <section class="panel" aria-labelledby="installed-title" data-testid="install-status">
            <h2 id="installed-title">Is it installed?</h2>
            <ul class="install-list">${installLines(installed)}</ul>
          </section>`,
        'Loading your signature…',
      )}
      <section aria-labelledby="notifications-title">
        <h2 id="notifications-title">Your notifications</h2>
        <h-notification-list .api=${this.api} .nested=${true}></h-notification-list>
      </section>
      <p class="muted">Signed in as <span data-testid="me-email">${this.me.email ?? this.me.uid}</span> (<span data-testid="me-role">${this.me.role ?? '—'}</span>).</p>`;
  }
}
customElements.define('h-employee-home', EmployeeHome);

/** One line per mail client, in words: what Herald knows, and when. */
function installLines(i: MyInstallation) {
  const gmail = i.gmail;
  const gmailLine =
    gmail?.status === 'deployed'
      ? html`<li data-testid="install-gmail"><strong>Gmail:</strong> installed; Herald last pushed it to your Gmail on ${when(gmail.at)}.</li>`
      : gmail?.status === 'failed'
        ? html`<li data-testid="install-gmail"><strong>Gmail:</strong> not installed; the push on ${when(gmail.at)} ${gmail.reason === 'signature_too_large' ? 'was not sent because the signature is too long for Gmail' : gmail.reason === 'image_not_https' ? 'was not sent because the signature shows an image Gmail would drop' : 'was refused by Gmail'}. Your admin sees why on the Deployment page.</li>`
        : i.source === 'google'
          ? html`<li data-testid="install-gmail"><strong>Gmail:</strong> not pushed yet. Your admin pushes signatures to Gmail from Herald; meanwhile, copy yours into Gmail's settings.</li>`
          : nothing;
  const outlookLine = i.outlookSeenOn
    ? html`<li data-testid="install-outlook"><strong>Outlook:</strong> installed; the Herald add-in last fetched your signature on ${day(i.outlookSeenOn)}.</li>`
    : html`<li data-testid="install-outlook"><strong>Outlook:</strong> the Herald add-in has not fetched your signature in the last 31 days. ${i.source === 'microsoft' ? 'Your admin deploys the add-in; ' : 'If you use Outlook, '}copy your signature into Outlook's settings meanwhile.</li>`;
  return i.source === 'microsoft' ? html`${outlookLine}${gmailLine}` : html`${gmailLine}${outlookLine}`;
}
