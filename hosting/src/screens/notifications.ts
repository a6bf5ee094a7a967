import { html } from 'lit';
import { ScreenElement } from '../core/element';
import { Resource } from '../core/resource';
import { empty } from '../core/ui';
import type { MyNotification, MyNotifications } from '../../../functions/src/api-types.js';

/** Internal notifications for the signed-in employee; receipts are sent only where the campaign tracks them. */
export class Notifications extends ScreenElement {
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
    return html`<h1>Notifications</h1>
      ${this.list.render((list) =>
        list.length === 0
          ? empty('Nothing new', 'Messages from your company appear here when they start.')
          : list.map(
              (n) => html`<article class="panel">
                <h2>${n.title}</h2>
                <p>${n.body}</p>
                ${n.videoUrl ? html`<p><a href=${n.videoUrl} target="_blank" rel="noopener noreferrer" @click=${() => void this.send(n, 'clicked')}>Watch the video</a></p>` : ''}
                ${n.linkUrl ? html`<p><a href=${n.linkUrl} target="_blank" rel="noopener noreferrer" @click=${() => void this.send(n, 'clicked')}>Read more</a></p>` : ''}
                ${n.tracking.liked
                  ? html`<button type="button" class="secondary" aria-pressed=${String(n.receipts.liked)} ?disabled=${n.receipts.liked} @click=${() => void this.send(n, 'liked')}>${n.receipts.liked ? 'Liked' : 'Like'}</button>`
                  : ''}
              </article>`,
            ),
      )}`;
  }
}
customElements.define('h-notifications', Notifications);
