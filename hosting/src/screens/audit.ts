import { html, nothing } from 'lit';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import type { AuditPage, MemberList } from '../../../functions/src/api-types.js';
import { empty, when } from '../core/ui';

/** The audit log with people's names (admins see who did what), filters and paging. */
export class Audit extends ScreenElement<{ pages: string[] }> {
  private readonly members = new Resource(this, 'The list of members', async () => new Map((await this.api<MemberList>('/members')).members.map((m) => [m.uid, m.email ?? m.uid])));
  private readonly page = new Resource(this, 'The audit log', () => this.api<AuditPage>(`/audit?${this.params_()}`));

  private params_(): string {
    const p = new URLSearchParams(this.query);
    p.set('limit', '50');
    for (const [k, v] of [...p]) if (!v) p.delete(k);
    return p.toString();
  }

  private go(query: URLSearchParams): void {
    this.query = query;
    history.replaceState(null, '', `/audit${query.size ? `?${query}` : ''}`);
    void this.page.reload();
  }

  private filter(ev: Event): void {
    ev.preventDefault();
    const data = new FormData(ev.target as HTMLFormElement);
    const q = new URLSearchParams();
    for (const k of ['category', 'actorUid']) {
      const v = String(data.get(k) ?? '').trim();
      if (v) q.set(k, v);
    }
    this.set({ pages: [] });
    this.go(q);
  }

  override render() {
    const names = this.members.value ?? new Map<string, string>();
    const pages = this.state.pages ?? [];
    return html`<h1>Audit log</h1>
      <form class="filters row" @submit=${(ev: Event) => this.filter(ev)}>
        <label>What
          <select name="category">
            <option value="">everything</option>
            ${(this.page.value?.categories ?? []).map((c) => html`<option value=${c} ?selected=${this.query.get('category') === c}>${c}</option>`)}
          </select></label>
        <label>Who
          <select name="actorUid">
            <option value="">anyone</option>
            ${[...names].map(([uid, name]) => html`<option value=${uid} ?selected=${this.query.get('actorUid') === uid}>${name}</option>`)}
          </select></label>
        <button type="submit">Filter</button>
      </form>
      ${this.page.render((p) =>
        p.entries.length === 0
          ? empty('No entries', 'Nothing matches these filters in the kept period.')
          : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Scrollable table"><table data-testid="audit">
              <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">By</th><th scope="col">On</th></tr></thead>
              <tbody>${p.entries.map(
                (e) => html`<tr><td>${when(e.at)}</td><td>${actionWords(e.action)} <span class="muted">(${e.category})</span></td><td>${e.actor.role === 'operator' ? 'A Herald operator' : names.get(e.actor.uid) ?? e.actor.uid} <span class="muted">(${e.actor.role})</span></td>
                  <td>${e.targetName ? (e.targetName.link ? html`<a href=${e.targetName.link}>${e.targetName.label}</a>` : e.targetName.label) : ''}</td></tr>`,
              )}</tbody></table></div>
            <div class="row">
              ${pages.length ? html`<button type="button" class="secondary" @click=${() => { const prev = pages.slice(0, -1); const q = new URLSearchParams(this.query); if (prev.length) q.set('pageToken', prev[prev.length - 1]!); else q.delete('pageToken'); this.set({ pages: prev }); this.go(q); }}>Newer</button>` : nothing}
              ${p.nextPageToken ? html`<button type="button" class="secondary" @click=${() => { const q = new URLSearchParams(this.query); q.set('pageToken', p.nextPageToken!); this.set({ pages: [...pages, p.nextPageToken!] }); this.go(q); }}>Older</button>` : nothing}
            </div>`,
      )}`;
  }
}
customElements.define('h-audit', Audit);

/** "template.assign" → "Template assign": the action's own words, readable, under its category. */
function actionWords(action: string): string {
  const words = action.replace(/[._]/g, ' ').replace(/\bpurge\b/, 'erase');
  return words[0]!.toUpperCase() + words.slice(1);
}
