import { ApiError, type Api } from '../api';
import { h } from '../dom';
import type { Screen } from './screen';

interface Notification {
  id: string;
  title: string;
  body: string;
  linkUrl: string | null;
  videoUrl: string | null;
  tracking: { seen: boolean; clicked: boolean; liked: boolean };
  receipts: { seen: boolean; clicked: boolean; liked: boolean };
}

/** Internal notifications for the signed-in employee; receipts are sent only where the campaign tracks them. */
export const notifications: Screen = {
  id: 'notifications',
  label: 'Notifications',
  minRole: 'user',
  async render({ api }) {
    let list: Notification[];
    try {
      list = (await api<{ notifications: Notification[] }>('/me/notifications')).notifications;
    } catch (err) {
      return h('section', {}, h('h1', {}, 'Notifications'), h('p', { class: 'muted' }, err instanceof ApiError ? err.message : 'Could not load your notifications.'));
    }
    for (const n of list) if (n.tracking.seen && !n.receipts.seen) void send(api, n, 'seen');
    return h(
      'section',
      {},
      h('h1', {}, 'Notifications'),
      list.length === 0 ? h('p', { class: 'muted' }, 'Nothing new.') : null,
      ...list.map((n) => card(api, n)),
    );
  },
};

function card(api: Api, n: Notification): HTMLElement {
  const like = h('button', { type: 'button', class: 'secondary', 'aria-pressed': String(n.receipts.liked) }, n.receipts.liked ? 'Liked' : 'Like');
  like.addEventListener('click', () => {
    void send(api, n, 'liked').then(() => {
      like.textContent = 'Liked';
      like.setAttribute('aria-pressed', 'true');
    });
  });
  return h(
    'article',
    { class: 'panel' },
    h('h2', {}, n.title),
    h('p', {}, n.body),
    n.videoUrl ? h('p', {}, h('a', { href: n.videoUrl, target: '_blank', rel: 'noopener noreferrer', onclick: () => void send(api, n, 'clicked') }, 'Watch the video')) : null,
    n.linkUrl ? h('p', {}, h('a', { href: n.linkUrl, target: '_blank', rel: 'noopener noreferrer', onclick: () => void send(api, n, 'clicked') }, 'Read more')) : null,
    n.tracking.liked ? like : null,
  );
}

function send(api: Api, n: Notification, type: 'seen' | 'clicked' | 'liked'): Promise<unknown> {
  if (!n.tracking[type]) return Promise.resolve();
  return api(`/me/notifications/${n.id}/events`, { method: 'POST', body: JSON.stringify({ type }) }).catch(() => undefined);
}
