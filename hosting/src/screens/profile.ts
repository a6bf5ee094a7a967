import { ApiError } from '../api';
import { h, mount } from '../dom';
import { download } from './privacy';
import type { Screen } from './screen';

interface Profile {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  title: string;
  workPhone: string;
  mobilePhone: string;
  addresses: string[];
  groups: string[];
  overridden: string[];
}

const FIELDS = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['title', 'Title'],
  ['workPhone', 'Work phone'],
  ['mobilePhone', 'Mobile phone'],
  ['addresses', 'Site addresses (one per line)'],
] as const;

/** Every employee edits their own optional fields; an edited field wins over the directory until reset. */
export const profile: Screen = {
  id: 'profile',
  label: 'My profile',
  minRole: 'user',
  async render({ api }) {
    const body = h('div');
    const status = h('p', { class: 'muted', role: 'status' });
    const show = (p: Profile) => {
      const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement>();
      const rows = FIELDS.map(([field, label]) => {
        const value = field === 'addresses' ? p.addresses.join('\n') : p[field];
        const input = field === 'addresses' ? h('textarea', { name: field, rows: '2' }) : h('input', { name: field });
        input.value = value;
        inputs.set(field, input);
        const edited = p.overridden.includes(field);
        const reset = edited
          ? h('button', { type: 'button', class: 'link', onclick: () => void save({ [field]: null }) }, 'use the directory value')
          : null;
        return h('label', {}, label, input, edited ? h('span', { class: 'muted' }, 'Edited by you · ', reset) : null);
      });
      const save = async (edit: Record<string, unknown>) => {
        status.textContent = 'Saving…';
        try {
          show(await api<Profile>('/me/profile', { method: 'PATCH', body: JSON.stringify(edit) }));
          status.textContent = 'Saved.';
        } catch (err) {
          status.textContent = err instanceof ApiError ? err.message : 'Could not save.';
        }
      };
      const form = h(
        'form',
        {
          class: 'stack',
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            const edit: Record<string, unknown> = {};
            for (const [field] of FIELDS) {
              const raw = inputs.get(field)!.value;
              const value = field === 'addresses' ? raw.split('\n').map((s) => s.trim()).filter(Boolean) : raw.trim();
              const current = field === 'addresses' ? p.addresses : p[field];
              if (JSON.stringify(value) !== JSON.stringify(current)) edit[field] = value;
            }
            if (Object.keys(edit).length === 0) status.textContent = 'Nothing changed.';
            else void save(edit);
          },
        },
        h('p', {}, h('strong', {}, p.email), p.groups.length ? h('span', { class: 'muted' }, ` · ${p.groups.join(', ')}`) : null),
        ...rows,
        h('button', { type: 'submit' }, 'Save'),
      );
      mount(body, form);
    };
    try {
      show(await api<Profile>('/me/profile'));
    } catch (err) {
      mount(body, h('p', { class: 'muted' }, err instanceof ApiError ? err.message : 'Your profile could not be loaded.'));
    }
    const exportButton = h('button', { type: 'button', class: 'secondary', onclick: () => void download(api, '/me/export', 'my-herald-data.json') }, 'Download my data');
    return h('section', {}, h('h1', {}, 'My profile'), h('p', { class: 'muted' }, 'Herald keeps only these fields, from your company directory. What you edit here is kept over the directory until you reset it.'), body, status, h('h2', {}, 'Your data'), h('p', { class: 'muted' }, 'Everything Herald holds about you, with why and for how long, as one JSON file.'), exportButton);
  },
};
