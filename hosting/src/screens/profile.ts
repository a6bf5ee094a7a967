import { html } from 'lit';
import '../components/profile-form';
import { saveFile } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import type { UserView } from '../../../functions/src/api-types.js';

/** Every employee edits their own optional fields and downloads their data. */
export class Profile extends ScreenElement<{ exporting: boolean }> {
  private readonly profile = new Resource(this, 'Your profile', () => this.api<UserView>('/me/profile'));

  private async exportMine(): Promise<void> {
    this.set({ exporting: true });
    try {
      const data = await this.api<unknown>('/me/export');
      saveFile(JSON.stringify(data, null, 2), 'my-herald-data.json', 'application/json');
    } finally {
      this.set({ exporting: false });
    }
  }

  override render() {
    return html`<h1>My profile</h1>
      <p class="muted">Herald keeps only these fields, from your company directory. What you edit here is kept over the directory until you reset it.</p>
      ${this.profile.render(
        (u) => html`<h-profile-form .user=${u} .save=${(edit: Record<string, unknown>) => this.api<UserView>('/me/profile', { method: 'PATCH', json: edit })}></h-profile-form>`,
      )}
      <h2>Your data</h2>
      <p class="muted">Everything Herald holds about you, with why and for how long, as one JSON file.</p>
      <button type="button" class="secondary" ?disabled=${this.state.exporting} @click=${() => void this.exportMine()}>${this.state.exporting ? 'Preparing…' : 'Download my data'}</button>`;
  }
}
customElements.define('h-profile', Profile);
