import { html, nothing } from 'lit';
import type { Fix } from '../../../functions/src/api-types.js';
import { ApiError } from '../api';
import { navigate } from './router';

/**
 * The button that fixes a refusal: every `fix` the API names (functions/src/core/errors.ts FIXES)
 * has its words and the step of the console that does it. Typed as a Record of every Fix, so a fix
 * added on the server without a button here does not compile.
 */
export const FIX_ACTIONS: Record<Fix, { label: string; path: string; step: string }> = {
  connect_google: { label: 'Connect Google Workspace', path: '/directory/connect', step: 'step-proof' },
  connect_microsoft: { label: 'Connect Microsoft 365', path: '/directory/connect', step: 'step-proof' },
  prove_domain: { label: 'Prove a domain', path: '/directory/connect', step: 'step-proof' },
  add_domain: { label: 'Add the domain', path: '/directory/connect', step: 'step-proof' },
  directory_settings: { label: 'Open the directory settings', path: '/directory/connect', step: 'step-settings' },
  choose_source: { label: 'Choose the directory source', path: '/directory/connect', step: 'step-source' },
  outlook_addin: { label: 'Set up the Outlook add-in', path: '/addins/outlook', step: 'main' },
  // The import step itself offers “Remove them and import” with the count its check found.
  confirm_removals: { label: 'Review the removals', path: '/directory/connect', step: 'step-import' },
};

/** The fix an error names, if any: an API answer's `fix`, or a held job's. */
export function fixOf(err: unknown): Fix | null {
  if (err instanceof ApiError) return err.fix;
  const fix = (err as { fix?: unknown } | null)?.fix;
  return typeof fix === 'string' && fix in FIX_ACTIONS ? (fix as Fix) : null;
}

/** The button for a fix: goes to its step (on this page: scrolls to it) and puts the focus there. */
export function fixButton(fix: Fix | null) {
  if (!fix) return nothing;
  const action = FIX_ACTIONS[fix];
  return html`<button type="button" class="fix" data-testid="fix" @click=${() => goTo(action.path, action.step)}>${action.label}</button>`;
}

function goTo(path: string, step: string): void {
  if (location.pathname !== path) navigate(path);
  let tries = 0;
  const focus = () => {
    const target = document.getElementById(step);
    if (target) {
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    } else if (tries++ < 120) requestAnimationFrame(focus);
  };
  requestAnimationFrame(focus);
}
