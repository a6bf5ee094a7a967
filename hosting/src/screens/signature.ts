import { ApiError } from '../api';
import { h } from '../dom';
import type { Screen } from './screen';

/** The employee's rendered signature, shown in a sandboxed frame (no scripts, no same-origin access). */
export const signature: Screen = {
  id: 'signature',
  label: 'My signature',
  minRole: 'user',
  async render({ api }) {
    try {
      const s = await api<{ html: string; text: string }>('/me/signature');
      const frame = h('iframe', { sandbox: '', title: 'Your email signature', class: 'signature-frame', 'data-testid': 'signature-frame' });
      frame.srcdoc = s.html;
      const copy = h('button', { type: 'button', class: 'secondary', onclick: () => void navigator.clipboard?.writeText(s.html) }, 'Copy the HTML');
      return h(
        'section',
        {},
        h('h1', {}, 'My signature'),
        frame,
        copy,
        h('h3', {}, 'Plain-text version'),
        h('pre', { class: 'signature-text' }, s.text),
        h('p', { class: 'muted' }, 'Gmail signatures of Google Workspace companies are updated automatically. In Outlook, the Herald add-in inserts this signature.'),
      );
    } catch (err) {
      return h('section', {}, h('h1', {}, 'My signature'), h('p', { class: 'muted' }, err instanceof ApiError ? err.message : 'Your signature could not be loaded.'));
    }
  },
};
