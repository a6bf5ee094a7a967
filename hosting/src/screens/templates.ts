import { html, nothing } from 'lit';
import '../components/signature-preview';
import { messageOf } from '../api';
import { directoryGroups } from '../core/directory-groups';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import type { AssignmentList, TemplateList, UserSignature, UserView } from '../../../functions/src/api-types.js';
import { empty } from '../core/ui';
import { hasRole } from '../roles';
import { explainChoice, targetWords } from '../templates/precedence';
import { LOGO_PLACEHOLDER, STARTERS } from '../templates/starters';

/** Sample values for the starter gallery (fictitious). */
const SAMPLE: Record<string, string> = {
  firstName: 'Jane', lastName: 'Doe', title: 'Account Executive', email: 'jane.doe@acme.example', workPhone: '+33 1 23 45 67 89',
  mobilePhone: '', address: '1 Example Street, 75001 Paris', addresses: '1 Example Street, 75001 Paris', groups: 'Sales', banner: '',
};

/** A rough rendering of a starter with sample values, for the gallery only (saved templates render on the server). */
export function sampleRender(tpl: string): string {
  return tpl
    .replace(/\{\{#join "([^"]*)"\}\}([\s\S]*?)\{\{\/join\}\}/g, (_m, sep: string, body: string) => body.split('{{,}}').map((p) => p.trim()).filter((p) => p.replace(/\{\{#(\w+)\}\}[\s\S]*?\{\{\/\1\}\}/g, (s, f: string) => (SAMPLE[f] ? s : '')).trim()).join(sep))
    .replace(/\{\{#(\w+)\}\}([\s\S]*?)\{\{\/\1\}\}/g, (_m, f: string, body: string) => (SAMPLE[f] ? body : ''))
    .replace(/\{\{(\w+)\}\}/g, (_m, f: string) => SAMPLE[f] ?? '');
}

/** Templates: starter gallery, the tenant's templates, who gets which and why. */
export class Templates extends ScreenElement<{ whoId: string; who: { user: UserView; signature: UserSignature | null } | null; whoError: unknown }> {
  private readonly templates = new Resource(this, 'The templates', async () => (await this.api<TemplateList>('/templates')).templates);
  private readonly assignments = new Resource(this, 'The assignments', async () => (hasRole(this.ctx.me.role, 'admin') ? (await this.api<AssignmentList>('/template-assignments')).assignments : []));
  private readonly directory = new Resource(this, "The directory's groups", () => (hasRole(this.ctx.me.role, 'admin') ? directoryGroups(this.api) : Promise.resolve({ groups: [], counts: [], users: [] as UserView[] })));

  private async explain(userId: string): Promise<void> {
    const user = this.directory.value?.users.find((u) => u.id === userId);
    if (!user) return this.set({ who: null });
    try {
      const signature = await this.api<UserSignature>(`/users/${user.id}/signature`).catch((err: unknown) => {
        if ((err as { status?: number }).status === 404) return null;
        throw err;
      });
      this.set({ who: { user, signature }, whoError: null });
    } catch (err) {
      this.set({ whoError: err });
    }
  }

  override render() {
    const editor = hasRole(this.ctx.me.role, 'editor');
    const admin = hasRole(this.ctx.me.role, 'admin');
    return html`<h1>Templates</h1>
      ${this.templates.render((list) => html`
        <h2>Your templates</h2>
        ${list.length === 0
          ? empty('No template yet', editor ? 'Start from one of the designs below.' : 'Your editors have not created a template yet.')
          : html`<ul class="cards" data-testid="templates">${list.map((t) => html`<li class="card-item"><a href="/templates/${t.id}"><strong>${t.name}</strong></a>
              <span class="muted">${(this.assignments.value ?? []).filter((a) => a.templateId === t.id).map((a) => targetWords(a, new Map((this.directory.value?.users ?? []).map((u) => [u.id, u])))).join(', ') || 'not assigned'}</span></li>`)}</ul>`}
      `)}
      ${editor
        ? html`<h2>Design your own</h2>
          <p class="muted">Pick a layout, your logo and colour, the details to show, social links and a legal line: no HTML needed.</p>
          <p><a class="button" href="/templates/new">Open the designer</a></p>
          <h2>Start from a design</h2>
          <p class="muted">Each design is built for Gmail and Outlook: tables for layout, inline styles, web-safe fonts, no images except your logo.</p>
          <ul class="gallery" data-testid="starters">${STARTERS.map((s) => {
            const domain = this.ctx.tenant.domains[0] ?? 'example.com';
            const preview = sampleRender(s.html({ name: this.ctx.tenant.name, domain, logoUrl: `${location.origin}${LOGO_PLACEHOLDER}` }));
            return html`<li class="starter">
              <h3>${s.name}</h3>
              <h-signature-preview .html=${preview} .modes=${false} label="${s.name} design"></h-signature-preview>
              <p class="muted">${s.description}</p>
              <a class="button" href="/templates/new?starter=${s.id}" aria-label="Use the ${s.name} design">Use this design</a>
            </li>`;
          })}</ul>`
        : nothing}
      ${admin
        ? html`<section class="panel" aria-labelledby="who-title"><h2 id="who-title">Who gets which template?</h2>
            <p class="muted">One person's own assignment wins; then their groups' (highest priority first); then the one for everyone.</p>
            <label>Person <select @change=${(ev: Event) => void this.explain((ev.target as HTMLSelectElement).value)}>
              <option value="">Choose someone…</option>
              ${(this.directory.value?.users ?? []).map((u) => html`<option value=${u.id}>${`${u.firstName} ${u.lastName}`.trim() || u.email}</option>`)}
            </select></label>
            ${this.state.whoError ? html`<p class="error" role="alert">${messageOf(this.state.whoError)}</p>` : nothing}
            ${this.state.who ? html`<p data-testid="precedence">${explainChoice(this.state.who.user, this.state.who.signature?.templateId ?? null, this.assignments.value ?? [], this.templates.value ?? [])}</p>` : nothing}
          </section>`
        : nothing}`;
  }
}
customElements.define('h-templates', Templates);
