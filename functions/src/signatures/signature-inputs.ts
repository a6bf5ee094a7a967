import { createHash } from 'node:crypto';
import { isRunning, rotationWindow } from '../campaigns/active-campaigns.js';
import type { Deps } from '../core/deps.js';
import type { TenantDoc } from '../core/schemas/tenant.js';
import type { DirectoryFields } from '../core/schemas/user.js';
import { renderSignature } from './render-signature.js';
import { SignatureTooLarge } from './signature-too-large.js';
import type { SignatureContext } from './user-signature.js';

/** A fictitious person rendered with every template, so a change to the renderer itself changes the hash. */
const CANARY: DirectoryFields = {
  firstName: 'Robin',
  lastName: 'Example',
  title: 'Canary',
  email: 'robin@canary.example',
  workPhone: '+1 555 0100',
  mobilePhone: '+1 555 0101',
  addresses: ['1 Example Street'],
  groups: ['Canary'],
};
const CANARY_BANNER = { clickUrl: 'https://canary.example/c/x', viewUrl: 'https://canary.example/v/x', alt: 'Canary', width: 600, height: 100 };

/** JSON with object keys sorted, so the same inputs always give the same text (stored maps come back in any order). */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof (value as { toMillis?: unknown }).toMillis === 'function') return JSON.stringify((value as { toMillis: () => number }).toMillis());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

async function canary(html: string): Promise<string> {
  try {
    return (await renderSignature(html, CANARY, CANARY_BANNER)).html;
  } catch (err) {
    if (err instanceof SignatureTooLarge) return 'too_large';
    throw err;
  }
}

/**
 * A hash of everything tenant-wide that shapes a Gmail signature at `at`: the templates (and what
 * the renderer makes of each today), the assignments, each banner campaign with whether it runs at
 * `at`, the rotation window when running banners tie (a tie rotates weekly), the tenant's domains
 * and settings, the link base URL and the link key tokens are signed with. Two days with the same
 * hash render every user the same from the same user record, so the daily deployment need not look
 * at users whose record did not change (deploy-plan.ts). Anything left out here would leave a stale
 * signature: when in doubt an input belongs in it (a wider hash only costs a full pass).
 */
export async function signatureInputsHash(deps: Pick<Deps, 'config'>, tenant: TenantDoc, ctx: SignatureContext, at: Date): Promise<string> {
  const templates = await Promise.all(
    [...ctx.templates.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(async ([id, t]) => [id, t, await canary(t.html), t.replyHtml ? await canary(t.replyHtml) : null]),
  );
  const running = ctx.banners.filter((c) => c.kind === 'banner' && isRunning(c, at));
  const priorities = running.map((c) => c.priority);
  const ties = new Set(priorities).size < priorities.length;
  const inputs = {
    // Not the tenant's link code: set once, by the first mint, and never changed (tracking/link-codes.ts).
    tenant: { verifiedDomains: tenant.verifiedDomains ?? [], domains: tenant.domains, settings: tenant.settings, directorySource: tenant.directorySource },
    links: { base: deps.config.linkBaseUrl, kid: deps.config.linkKeys.current },
    templates,
    assignments: [...ctx.assignments].sort((a, b) => (a.id < b.id ? -1 : 1)),
    banners: [...ctx.banners].sort((a, b) => (a.id < b.id ? -1 : 1)).map((c) => [c.id, c.doc, isRunning(c, at)]),
    rotation: ties ? rotationWindow(at) : null,
  };
  return createHash('sha256').update(canonical(inputs)).digest('hex');
}
