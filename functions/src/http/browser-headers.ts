/**
 * The browser-facing security headers, one source for Firebase Hosting (firebase.json's
 * hosting.headers, generated from `hostingHeaders` by `npm run gen:headers` and checked by
 * test/unit/browser-headers.test.ts) and for the local host (local/local-server.ts).
 *
 * The console: a strict Content-Security-Policy (issue #20, item 10):
 * - script-src: our own bundle, and https://apis.google.com, from which the Firebase Auth SDK
 *   loads its gapi helper for popup sign-in (Google, Microsoft); no inline script, no eval;
 * - style-src 'unsafe-inline': the signature preview is a sandboxed srcdoc frame, which inherits
 *   this policy, and signatures are e-mail HTML styled by inline `style` attributes and a `<style>`
 *   block; Lit's own styles are adopted stylesheets. Styles cannot run code;
 * - img-src https: (and data: for the favicon): banner and logo previews show images from the
 *   customer's own hosts, whichever they are; an image cannot run code;
 * - connect-src: our origin, Firebase Auth (identitytoolkit, securetoken), and each region's
 *   Hosting origins (the other region's locator);
 * - frame-src: the Firebase Auth domain (<project>.firebaseapp.com), whose iframe the SDK uses for
 *   popup sign-in;
 * - object-src 'none', base-uri 'none', form-action 'self', frame-ancestors 'none'.
 * Plus HSTS (1 year, subdomains), Referrer-Policy, Permissions-Policy, nosniff, X-Frame-Options.
 *
 * The Outlook add-in's pages (/outlook/**) may be framed only by Outlook: Microsoft's list of
 * Outlook and Microsoft 365 hosts for frame-ancestors
 * (https://learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements: outlook.office.com,
 * outlook.office365.com, outlook.live.com, and *.cloud.microsoft where Outlook on the web and new
 * Outlook are moving), and *.officeapps.live.com, where Office on the web hosts add-in frames.
 */
export const OUTLOOK_FRAME_ANCESTORS = ['https://outlook.office.com', 'https://outlook.office365.com', 'https://outlook.live.com', 'https://*.cloud.microsoft', 'https://*.officeapps.live.com'];
export const FIREBASE_AUTH_APIS = ['https://identitytoolkit.googleapis.com', 'https://securetoken.googleapis.com'];
export const FIREBASE_AUTH_SCRIPTS = ['https://apis.google.com'];
/** The add-in's pages, which Outlook frames (Hosting rewrites them to the addins function). */
export const ADDIN_PAGES_PREFIX = '/outlook/';

/** Origins the console reaches beyond its own: where it connects, and which frames it embeds. */
export interface ConsoleSources {
  connect: string[];
  frame: string[];
}

/** In production: each region's Firebase project (its Hosting origins, its Auth domain). */
export function productionSources(projectIds: string[]): ConsoleSources {
  return {
    connect: projectIds.flatMap((id) => [`https://${id}.web.app`, `https://${id}.firebaseapp.com`]),
    frame: projectIds.map((id) => `https://${id}.firebaseapp.com`),
  };
}

export function consoleCsp(sources: ConsoleSources): string {
  const list = (...items: string[]) => [...new Set(items)].join(' ');
  return [
    "default-src 'self'",
    `script-src ${list("'self'", ...FIREBASE_AUTH_SCRIPTS)}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    `connect-src ${list("'self'", ...FIREBASE_AUTH_APIS, ...sources.connect)}`,
    `frame-src ${sources.frame.length ? list(...sources.frame) : "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const COMMON: Record<string, string> = {
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), display-capture=()',
};

/** Every response outside the add-in's pages (the console, its files, the API). */
export function consoleHeaders(sources: ConsoleSources): Record<string, string> {
  return { ...COMMON, 'X-Frame-Options': 'DENY', 'Content-Security-Policy': consoleCsp(sources) };
}

/** The add-in's pages: framed by Outlook only (no X-Frame-Options, which would forbid it). */
export function addinPageHeaders(): Record<string, string> {
  return { ...COMMON, 'Content-Security-Policy': addinFrameAncestors() };
}

export function addinFrameAncestors(): string {
  return `frame-ancestors ${OUTLOOK_FRAME_ANCESTORS.join(' ')}`;
}

/**
 * Hosting's reserved namespace (/__/), e.g. the Firebase Auth handler pages on the Auth domain
 * (<project>.firebaseapp.com serves this same site), which run their own inline scripts: the
 * console's policy must not reach them.
 */
export const HOSTING_RESERVED_PREFIX = '/__/';

/**
 * An RE2 expression (Hosting's regex: no lookahead) for every path under none of `prefixes`, e.g.
 * ['/outlook/']: '/', '/o', '/outbox', '/outlook' match; '/outlook/x' does not.
 */
export function notUnder(prefixes: string[]): string {
  const escape = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const rests = prefixes.map((p) => p.slice(1));
  const node = (done: string): string => {
    const next = [...new Set(rests.filter((r) => r.startsWith(done) && r.length > done.length).map((r) => r[done.length]!))];
    const alternatives = ['$', `[^${next.map(escape).join('')}]`];
    for (const ch of next) if (!rests.includes(done + ch)) alternatives.push(`${escape(ch)}${node(done + ch)}`);
    return `(?:${alternatives.join('|')})`;
  };
  return `^/${node('')}`;
}

/** firebase.json's hosting.headers. */
export function hostingHeaders(projectIds: string[]): Array<{ source?: string; regex?: string; headers: Array<{ key: string; value: string }> }> {
  const pairs = (h: Record<string, string>) => Object.entries(h).map(([key, value]) => ({ key, value }));
  return [
    { regex: notUnder([ADDIN_PAGES_PREFIX, HOSTING_RESERVED_PREFIX]), headers: pairs(consoleHeaders(productionSources(projectIds))) },
    { source: `${ADDIN_PAGES_PREFIX}**`, headers: pairs(addinPageHeaders()) },
  ];
}
