import { h, mount } from '../dom';
import { hasRole, type Role } from '../roles';
import type { Screen } from './screen';

interface Member {
  uid: string;
  email: string | null;
  role: Role;
}

const ROLES: Role[] = ['owner', 'admin', 'editor', 'viewer', 'user'];

export const members: Screen = {
  id: 'members',
  label: 'Members',
  minRole: 'admin',
  async render({ api, me }) {
    const tbody = h('tbody');
    const status = h('p', { class: 'muted', role: 'status' });
    const load = async () => {
      const { members } = await api<{ members: Member[] }>('/members');
      mount(
        tbody,
        ...members.map((m) => {
          const select = h('select', { 'aria-label': `Role of ${m.email ?? m.uid}`, disabled: m.uid === me.uid || !hasRole(me.role, m.role) });
          for (const role of ROLES) {
            const option = h('option', { value: role, disabled: !hasRole(me.role, role) }, role);
            option.selected = role === m.role;
            select.append(option);
          }
          select.addEventListener('change', () => {
            status.textContent = 'Saving…';
            api(`/members/${encodeURIComponent(m.uid)}`, { method: 'PUT', body: JSON.stringify({ role: select.value }) })
              .then(() => (status.textContent = `${m.email ?? m.uid} is now ${select.value}.`))
              .catch((err: unknown) => {
                status.textContent = err instanceof Error ? err.message : 'Could not change the role.';
                select.value = m.role;
              });
          });
          return h('tr', {}, h('td', {}, m.email ?? m.uid), h('td', {}, select));
        }),
      );
    };
    await load();
    return h(
      'section',
      {},
      h('h1', {}, 'Members'),
      h('p', { class: 'muted' }, 'People who signed in to Herald and their role. Employees join as users; promote them here.'),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Account'), h('th', {}, 'Role'))), tbody),
      status,
    );
  },
};
