import { html } from 'lit';
import { messageOf } from '../api';
import { toast } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import type { MemberList, MemberView, Role } from '../../../functions/src/api-types.js';
import { hasRole, ROLES_HIGHEST_FIRST } from '../roles';

const WHAT: Record<Role, string> = {
  owner: 'everything, including other owners',
  admin: 'directory, deployment, privacy and members',
  editor: 'templates and campaigns',
  viewer: 'reads templates, campaigns and reports',
  user: 'their own signature, profile and notifications',
};

/** Who holds which role; admins change roles (never their own, never above their own). */
export class Members extends ScreenElement<{ saving: string | null }> {
  private readonly members = new Resource(this, 'The members', async () => (await this.api<MemberList>('/members')).members);

  private async change(m: MemberView, select: HTMLSelectElement): Promise<void> {
    this.set({ saving: m.uid });
    try {
      await this.api(`/members/${encodeURIComponent(m.uid)}`, { method: 'PUT', json: { role: select.value } });
      m.role = select.value as Role;
      toast(`${m.email ?? m.uid} is now ${select.value}.`);
    } catch (err) {
      select.value = m.role;
      toast(messageOf(err));
    }
    this.set({ saving: null });
  }

  override render() {
    const me = this.ctx.me;
    return html`<h1>Members</h1>
      <p class="muted">People who signed in to Herald and their role. Employees join as users when they first sign in with their work account; promote them here.</p>
      ${this.members.render(
        (list) => html`<div class="table-wrap" tabindex="0" role="region" aria-label="Scrollable table"><table>
          <thead><tr><th scope="col">Account</th><th scope="col">Role</th><th scope="col">May</th></tr></thead>
          <tbody>${list.map(
            (m) => html`<tr>
              <td>${m.email ?? m.uid}</td>
              <td><select aria-label="Role of ${m.email ?? m.uid}" ?disabled=${m.uid === me.uid || !hasRole(me.role, m.role) || this.state.saving === m.uid}
                  @change=${(ev: Event) => void this.change(m, ev.target as HTMLSelectElement)}>
                ${ROLES_HIGHEST_FIRST.map((r) => html`<option value=${r} ?disabled=${!hasRole(me.role, r)} ?selected=${r === m.role}>${r}</option>`)}
              </select></td>
              <td class="muted">${WHAT[m.role]}</td>
            </tr>`,
          )}</tbody></table></div>`,
      )}
      <p class="muted">Inviting someone by email before their first sign-in is not offered yet: the API grants roles to accounts that exist.</p>`;
  }
}
customElements.define('h-members', Members);
