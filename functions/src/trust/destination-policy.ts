import { isIP } from 'node:net';

/**
 * Where Herald's shared link host may send a person: the one rule for banner destinations and the
 * tenant's fallback URL, applied when they are saved (with a message naming the field) and again
 * at every redirect (links/links-app.ts), so a link saved before the rule, or whose domain the
 * tenant no longer holds, never becomes an open redirect. Loads nothing but node:net (the
 * redirect's cold start).
 *
 * A destination is an https URL without a user name or password, whose host is a name (no IP
 * literal in any spelling: the WHATWG parser turns 0x7f.1, 2130706433 and 017700000001 into
 * 127.0.0.1 before we look), not an internal name, and on one of the tenant's verified domains or
 * on a host its admins allowed (either one, or any subdomain of it).
 */
export interface DestinationScope {
  verifiedDomains: readonly string[];
  allowedHosts: readonly string[];
}

/** Names that never reach the public internet: one list, for destinations and allowed hosts alike. */
export const INTERNAL_SUFFIXES = ['localhost', 'local', 'localdomain', 'internal', 'intranet', 'lan', 'home', 'corp', 'private', 'arpa', 'onion'] as const;

const withoutTrailingDot = (host: string) => (host.endsWith('.') ? host.slice(0, -1) : host);

/** Why a host cannot be a link destination at all (IP literal, internal or single-label name); null if it can. */
export function hostShapeProblem(hostname: string): string | null {
  const host = withoutTrailingDot(hostname.startsWith('[') ? hostname.slice(1, -1) : hostname).toLowerCase();
  if (isIP(host) !== 0) return 'must name a website, not an IP address';
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((l) => l === '')) return 'must be a public website address, e.g. www.example.com';
  if ((INTERNAL_SUFFIXES as readonly string[]).includes(labels.at(-1)!)) return 'must be a public website, not an internal name';
  return null;
}

/** `host` is `domain` or one of its subdomains. */
export function isOnDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** The normalised URL if `raw` may be a destination for this tenant, or why not (a message without the field name). */
export function checkDestination(raw: string | null | undefined, scope: DestinationScope): { ok: true; url: string } | { ok: false; problem: string } {
  let u: URL;
  try {
    u = new URL(String(raw ?? ''));
  } catch {
    return { ok: false, problem: 'must be a full web address starting with https://' };
  }
  if (u.protocol !== 'https:') return { ok: false, problem: 'must start with https://' };
  if (u.username || u.password) return { ok: false, problem: 'must not contain a user name or password (a part before @)' };
  const shape = hostShapeProblem(u.hostname);
  if (shape) return { ok: false, problem: shape };
  const host = withoutTrailingDot(u.hostname);
  const onScope = (list: readonly string[]) => list.some((d) => isOnDomain(host, d));
  if (!onScope(scope.verifiedDomains) && !onScope(scope.allowedHosts)) return { ok: false, problem: `${host} is not on one of your verified domains or allowed destination hosts; an admin can allow it on the Overview page, under Allowed link destinations` };
  return { ok: true, url: u.href };
}

/** The normalised URL when allowed, else null: what the redirect uses. */
export function allowedDestination(raw: string | null | undefined, scope: DestinationScope): string | null {
  if (!raw) return null;
  const checked = checkDestination(raw, scope);
  return checked.ok ? checked.url : null;
}

/**
 * A banner image: `/v/` redirects to it, so it follows the destination rule too, except that an
 * image on Herald's own link host (`ownOrigin`, e.g. the demo banners) is always allowed.
 */
export function checkImage(raw: string | null | undefined, scope: DestinationScope, ownOrigin: string): ReturnType<typeof checkDestination> {
  try {
    const u = new URL(String(raw ?? ''));
    if (u.origin === ownOrigin && !u.username && !u.password) return { ok: true, url: u.href };
  } catch {
    // checkDestination names the problem.
  }
  return checkDestination(raw, scope);
}

/** The normalised image URL when allowed, else null: what `/v/` uses. */
export function allowedImage(raw: string | null | undefined, scope: DestinationScope, ownOrigin: string): string | null {
  if (!raw) return null;
  const checked = checkImage(raw, scope, ownOrigin);
  return checked.ok ? checked.url : null;
}
