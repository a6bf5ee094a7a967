import { html, nothing } from 'lit';
import { messageOf } from '../api';
import { toast } from '../core/dialog';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import type { InviteList, InviteView, MemberList, MemberView, Role } from '../../../functions/src/api-types.js';
import { errorBox, fieldError, when } from '../core/ui';
import { hasRole, ROLES_HIGHEST_FIRST } from '../roles';

const WHAT: Record<Role, string> = {
  owner: 'everything, including other owners',
  admin: 'directory, deployment, privacy and members',
  editor: 'templates and campaigns',
  viewer: 'reads templates, campaigns and reports',
  user: 'their own signature, profile and notifications',
};

/** Who holds which role; admins change roles (never their own, never above their own). */
export class Members extends ScreenElement<{ saving: string | null; inviting: boolean; inviteError: unknown }> {
  private readonly members = new Resource(this, 'The members', async () => (await this.api<MemberList>('/members')).members);
  private readonly invites = new Resource(this, 'The invites', async () => (await this.api<InviteList>('/members/invites')).invites);

  private async invite(ev: Event): Promise<void> {
    ev.preventDefault();
    const form = ev.target as HTMLFormElement;
    const d = new FormData(form);
    this.set({ inviting: true, inviteError: null });
    try {
      const created = await this.api<InviteView>('/members/invites', { method: 'POST', json: { email: String(d.get('email') ?? '').trim(), role: String(d.get('role')) } });
      form.reset();
      toast(`${created.email} is invited as ${created.role}: the role is theirs when they first sign in.`);
      await this.invites.reload();
    } catch (err) {
      this.set({ inviteError: err });
    }
    this.set({ inviting: false });
  }

  private async withdraw(i: InviteView): Promise<void> {
    try {
      await this.api(`/members/invites/${encodeURIComponent(i.id)}`, { method: 'DELETE' });
      toast(`The invite of ${i.email} is withdrawn.`);
    } catch (err) {
      toast(messageOf(err));
    }
    await this.invites.reload();
  }

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
      ${this.renderInvites()}`;
  }

  private renderInvites() {
    const me = this.ctx.me;
    const { inviting, inviteError } = this.state;
    return html`<section class="panel stack" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite a colleague</h2>
      <p class="muted">Give someone a role before their first sign-in: when they sign in with this work address (on one of your verified domains), the role is theirs. An invite lapses after two weeks.</p>
      <form class="row" novalidate @submit=${(ev: Event) => void this.invite(ev)}>
        <label>Work email <input type="email" name="email" required autocomplete="off" aria-describedby="err-invite-email" />${fieldError(inviteError, 'email', 'err-invite-email')}</label>
        <label>Role <select name="role" aria-label="Role">${ROLES_HIGHEST_FIRST.filter((r) => hasRole(me.role, r)).map((r) => html`<option value=${r} ?selected=${r === 'user'}>${r}</option>`)}</select></label>
        <button type="submit" ?disabled=${inviting}>${inviting ? 'Inviting…' : 'Invite'}</button>
      </form>
      ${inviteError && !fieldError(inviteError, 'email', 'x') ? errorBox(inviteError) : nothing}
      ${this.invites.render((list) =>
        list.length
          ? html`<div class="table-wrap" tabindex="0" role="region" aria-label="Pending invites"><table data-testid="invites">
              <thead><tr><th scope="col">Invited</th><th scope="col">Role</th><th scope="col">Lapses</th><th scope="col"></th></tr></thead>
              <tbody>${list.map((i) => html`<tr><td>${i.email}</td><td>${i.role}</td><td>${when(i.expiresAt)}</td>
                <td><button type="button" class="secondary" @click=${() => void this.withdraw(i)}>Withdraw</button></td></tr>`)}</tbody></table></div>`
          : html`<p class="muted">No invite is waiting.</p>`,
      )}
    </section>`;
  }
}
customElements.define('h-members', Members);
