import { html } from 'lit';
import '../components/profile-form';
import '../components/signature-preview';
import { messageOf } from '../api';
import { saveFile, toast } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import type { UserSignature, UserView } from '../../../functions/src/api-types.js';
import { when } from '../core/ui';

/** One person of the directory: their fields (admin edit), their signature now, and their data export. */
export class DirectoryUser extends ScreenElement<{ exporting: boolean }> {
  private get path() {
    return `/users/${encodeURIComponent(this.params.userId!)}`;
  }
  private readonly user = new Resource(this, 'This person', () => this.api<UserView>(this.path));
  private readonly signature = new Resource(this, "This person's signature", () => this.api<UserSignature>(`${this.path}/signature`));

  private async exportData(u: UserView): Promise<void> {
    this.set({ exporting: true });
    try {
      const data = await this.api<unknown>(`/privacy/export/users/${encodeURIComponent(u.id)}`);
      saveFile(JSON.stringify(data, null, 2), `herald-data-${u.id}.json`, 'application/json');
      toast('Export downloaded. Send it to the person through a secure channel.');
    } catch (err) {
      toast(messageOf(err));
    }
    this.set({ exporting: false });
  }

  override render() {
    return html`<p><a href="/directory">← Directory</a></p>
      ${this.user.render(
        (u) => html`<h1>${`${u.firstName} ${u.lastName}`.trim() || u.email}</h1>
          <p class="muted">From ${u.source ?? 'the directory'} · updated ${when(u.updatedAt)}. Edited fields are kept over the directory source until reset.</p>
          <div class="grid2">
            <section><h2>Fields</h2>
              <h-profile-form .user=${u} editedBy="an admin" .save=${(edit: Record<string, unknown>) => this.api<UserView>(this.path, { method: 'PATCH', json: edit }).then((x) => (void this.signature.reload(), x))}></h-profile-form>
            </section>
            <section><h2>Signature now</h2>
              ${this.signature.render((s) => html`<h-signature-preview .html=${s.html} label="Signature of ${u.firstName} ${u.lastName}"></h-signature-preview>
                <p class="muted" data-testid="signature-source">${s.templateId ? html`Template <a href="/templates/${s.templateId}">${s.templateName ?? 'unnamed'}</a>` : 'No template applies'}${s.campaignId ? html`, banner of <a href="/campaigns/${s.campaignId}">${s.campaignName ?? 'a campaign'}</a>` : ''}</p>`)}
              <h2>Their data</h2>
              <p class="muted">Answering an access request (GDPR Art. 15/20): everything Herald holds about this person, as JSON.</p>
              <button type="button" class="secondary" ?disabled=${this.state.exporting} @click=${() => void this.exportData(u)}>${this.state.exporting ? 'Preparing…' : 'Export their data'}</button>
            </section>
          </div>`,
      )}`;
  }
}
customElements.define('h-directory-user', DirectoryUser);
