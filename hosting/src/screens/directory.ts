import { h, mount } from '../dom';
import { directoryAdmin } from './directory-sync';
import type { Screen } from './screen';

interface UserRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  title: string;
  groups: string[];
}

export const directory: Screen = {
  id: 'directory',
  label: 'Directory',
  minRole: 'admin',
  async render({ api }) {
    const tbody = h('tbody', { 'data-testid': 'directory-rows' });
    const status = h('p', { class: 'muted' });
    const more = h('button', { type: 'button', class: 'secondary' }, 'Load more');
    const search = h('input', { type: 'search', placeholder: 'Search by email', 'aria-label': 'Search by email' });
    let pageToken: string | null = null;
    let query = '';

    const load = async (reset: boolean) => {
      const params = new URLSearchParams({ limit: '25' });
      if (query) params.set('q', query);
      if (!reset && pageToken) params.set('pageToken', pageToken);
      const page = await api<{ users: UserRow[]; nextPageToken: string | null }>(`/users?${params}`);
      const rows = page.users.map((u) =>
        h('tr', {}, h('td', {}, `${u.firstName} ${u.lastName}`.trim() || '—'), h('td', {}, u.email), h('td', {}, u.title), h('td', {}, u.groups.join(', '))),
      );
      if (reset) mount(tbody, ...rows);
      else tbody.append(...rows);
      pageToken = page.nextPageToken;
      more.hidden = !pageToken;
      status.textContent = `${tbody.childElementCount} shown`;
    };
    more.addEventListener('click', () => void load(false));
    let timer: number | undefined;
    search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => {
        query = search.value.trim().toLowerCase();
        void load(true);
      }, 250);
    });
    await load(true);
    return h(
      'section',
      {},
      h('h1', {}, 'Directory'),
      await directoryAdmin(api),
      search,
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Email'), h('th', {}, 'Title'), h('th', {}, 'Groups'))), tbody),
      status,
      more,
    );
  },
};
