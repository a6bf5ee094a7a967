import { html } from 'lit';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import type { CampaignList, CampaignView } from '../../../functions/src/api-types.js';
import { day, empty } from '../core/ui';
import { hasRole } from '../roles';

export function campaignStatus(c: CampaignView): string {
  if (c.status === 'draft') return 'draft';
  if (c.status === 'archived') return 'paused';
  if (c.running) return 'running';
  return Date.parse(c.startAt) > Date.now() ? 'scheduled' : 'ended';
}

/** Banner and notification campaigns, with their state; editors create and open them. */
export class Campaigns extends ScreenElement {
  private readonly list = new Resource(this, 'The campaigns', async () => (await this.api<CampaignList>('/campaigns')).campaigns);

  override render() {
    const editor = hasRole(this.ctx.me.role, 'editor');
    return html`<div class="title-row"><h1>Campaigns</h1>
        ${editor ? html`<div class="row"><a class="button" href="/campaigns/new?kind=banner">New banner campaign</a><a class="button secondary" href="/campaigns/new?kind=notification">New notification</a></div>` : ''}</div>
      ${this.list.render((list) =>
        list.length === 0
          ? empty('No campaigns yet', editor ? 'Create a banner campaign: a banner under every signature, with tracked clicks.' : 'Your editors have not created any campaign yet.')
          : html`<div class="table-wrap" tabindex="0" role="region" aria-label="Scrollable table"><table data-testid="campaigns">
              <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Dates</th><th scope="col">Audience</th><th scope="col">Priority</th></tr></thead>
              <tbody>${list.map(
                (c) => html`<tr>
                  <td><a href="/campaigns/${c.id}">${c.name}</a></td>
                  <td>${c.kind}</td>
                  <td><span class="badge ${campaignStatus(c)}">${campaignStatus(c)}</span></td>
                  <td>${day(c.startAt)} → ${c.endAt ? day(c.endAt) : 'no end'}</td>
                  <td>${c.targetGroups.join(', ') || 'everyone'}</td>
                  <td>${c.priority}</td>
                </tr>`,
              )}</tbody></table></div>`,
      )}`;
  }
}
customElements.define('h-campaigns', Campaigns);
