import { h } from '../dom';
import { hasRole } from '../roles';
import type { Screen } from './screen';
import { tenantSettings } from './tenant-settings';

export const overview: Screen = {
  id: 'overview',
  label: 'Overview',
  minRole: 'user',
  async render({ api, me, tenant }) {
    return h(
      'section',
      {},
      h('h1', {}, tenant.name),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Signed in as'),
        h('dd', { 'data-testid': 'me-email' }, me.email ?? me.uid),
        h('dt', {}, 'Role'),
        h('dd', { 'data-testid': 'me-role' }, me.role ?? '—'),
        h('dt', {}, 'Data region'),
        h('dd', { 'data-testid': 'tenant-region' }, tenant.region.toUpperCase()),
        h('dt', {}, 'Domains'),
        h('dd', {}, tenant.domains.join(', ')),
      ),
      h('p', { class: 'muted' }, `${tenant.name}'s data is stored only in the ${tenant.region.toUpperCase()} region and never leaves it.`),
      hasRole(me.role, 'admin') ? tenantSettings(api, tenant) : null,
    );
  },
};
