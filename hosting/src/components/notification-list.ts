import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { Api } from '../api';
import { ConsoleElement } from '../core/element';
import { Resource } from '../core/resource';
import { empty } from '../core/ui';
import type { MyNotification, MyNotifications } from '../../../functions/src/api-types.js';

/**
 * The signed-in employee's internal notifications (the Notifications screen and the employee's
 * home); receipts are sent only where the campaign tracks them. `nested` puts each title one
 * heading level down, under a section of its own.
 */
export class NotificationList extends ConsoleElement {
  @property({ attribute: false }) api!: Api;
  @property({ type: Boolean }) nested = false;

  private readonly list = new Resource(this, 'Your notifications', async () => {
    const { notifications } = await this.api<MyNotifications>('/me/notifications');
    for (const n of notifications) if (n.tracking.seen && !n.receipts.seen) void this.send(n, 'seen');
    return notifications;
  });

  private async send(n: MyNotification, type: keyof MyNotification['receipts']): Promise<void> {
    if (!n.tracking[type]) return;
    await this.api(`/me/notifications/${n.id}/events`, { method: 'POST', json: { type } }).catch(() => undefined);
    n.receipts[type] = true;
    this.requestUpdate();
  }

  override render() {
    return this.list.render((list) =>
      list.length === 0
        ? empty('Nothing new', 'Messages from your company appear here when they start.')
        : list.map(
            (n) => html`<article class="panel" data-testid="notification">
              ${this.nested ? html`<h3>${n.title}</h3>` : html`<h2>${n.title}</h2>`}
              <p>${n.body}</p>
              ${n.videoUrl ? html`<p><a href=${n.videoUrl} target="_blank" rel="noopener noreferrer" @click=${() => void this.send(n, 'clicked')}>Watch the video</a></p>` : nothing}
              ${n.linkUrl ? html`<p><a href=${n.linkUrl} target="_blank" rel="noopener noreferrer" @click=${() => void this.send(n, 'clicked')}>Read more</a></p>` : nothing}
              ${n.tracking.liked
                ? html`<button type="button" class="secondary" aria-pressed=${String(n.receipts.liked)} ?disabled=${n.receipts.liked} @click=${() => void this.send(n, 'liked')}>${n.receipts.liked ? 'Liked' : 'Like'}</button>`
                : nothing}
            </article>`,
          ),
    );
  }
}
customElements.define('h-notification-list', NotificationList);
