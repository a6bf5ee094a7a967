import { ApiError, type Api, type Tenant } from '../api';
import { h } from '../dom';

/** The tenant's choices, for admins: where ended campaigns send clicks, Gmail pushes, recipient tracking. */
export function tenantSettings(api: Api, tenant: Tenant): HTMLElement {
  const fallback = h('input', { type: 'url', name: 'fallbackUrl', placeholder: 'https://www.example.com/' });
  fallback.value = tenant.settings.fallbackUrl ?? '';
  const gmail = h('input', { type: 'checkbox', name: 'gmailSignatures' });
  gmail.checked = tenant.settings.gmailSignatures;
  const recipients = h('input', { type: 'checkbox', name: 'recipientTracking' });
  recipients.checked = tenant.settings.recipientTracking.enabled;
  const status = h('p', { class: 'muted', role: 'status' });
  const save = async (ev: Event) => {
    ev.preventDefault();
    status.textContent = 'Saving…';
    try {
      await api('/tenant/settings', {
        method: 'PATCH',
        body: JSON.stringify({ fallbackUrl: fallback.value.trim() || null, gmailSignatures: gmail.checked, recipientTracking: { enabled: recipients.checked } }),
      });
      status.textContent = 'Saved.';
    } catch (err) {
      status.textContent = err instanceof ApiError ? err.message : 'Could not save.';
    }
  };
  return h(
    'form',
    { class: 'panel stack', onsubmit: (ev: Event) => void save(ev) },
    h('h2', {}, 'Settings'),
    h('label', {}, 'Where links of ended campaigns go', fallback),
    h('label', { class: 'inline' }, gmail, 'Push signatures to Gmail automatically (Google Workspace)'),
    h('label', { class: 'inline' }, recipients, `Recipient-level click tracking in Gmail (kept ${tenant.settings.recipientTracking.retentionDays} days)`),
    h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Save settings'), status),
  );
}
