import type { Role } from '../../../functions/src/api-types.js';

export interface RouteDef {
  /** e.g. '/campaigns/:campaignId' */
  path: string;
  /** Page title (document.title is "<title> · Herald"). */
  title: string;
  minRole: Role;
  /** The custom element that renders it, defined by `load`. */
  tag: string;
  load: () => Promise<unknown>;
  /** In the navigation, under this label. */
  nav?: string;
  /** Which navigation entry is highlighted on this route. */
  section?: string;
}

export interface Match {
  route: RouteDef;
  params: Record<string, string>;
}

export function matchRoute(routes: RouteDef[], pathname: string): Match | null {
  const parts = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  for (const route of routes) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    pattern.forEach((seg, i) => {
      if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(parts[i]!);
      else if (seg !== parts[i]) ok = false;
    });
    if (ok) return { route, params };
  }
  return null;
}

/** Client-side navigation: pushes the URL and tells the shell. */
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event('herald:navigate'));
}

/** Makes same-origin <a href="/…"> clicks client-side navigations. */
export function interceptLinks(root: HTMLElement): void {
  root.addEventListener('click', (ev) => {
    const a = (ev.target as HTMLElement).closest('a');
    if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/') || /^\/(c|v|hooks)\//.test(url.pathname)) return;
    ev.preventDefault();
    navigate(url.pathname + url.search);
  });
}
