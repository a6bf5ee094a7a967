import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { ConsoleElement, type Ctx, type ScreenElement } from './core/element';
import { interceptLinks, matchRoute, navigate, type Match } from './core/router';
import { onOnline } from './core/failure';
import { loadFailure } from './core/ui';
import { hasRole } from './roles';
import { routes } from './routes';
import './components/demo-notice';

interface ShellState {
  match: Match | null;
  screen: ScreenElement | null;
  menuOpen: boolean;
  failed: unknown;
}

/** The console's frame: header, navigation (a drawer below 800 px), and the routed screen. */
export class Shell extends ConsoleElement<ShellState> {
  @property({ attribute: false }) ctx!: Ctx;
  @property({ attribute: false }) onSignOut!: () => void;
  private stopListening: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    interceptLinks(this);
    window.addEventListener('popstate', this.route);
    window.addEventListener('herald:navigate', this.route);
    // A screen whose code failed to download (offline) loads by itself when the connection returns.
    this.stopListening = onOnline(() => {
      if (this.state.failed) this.route(true);
    });
    this.route();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.route);
    window.removeEventListener('herald:navigate', this.route);
    this.stopListening?.();
  }

  /** `retrying` is true only for Retry and the network's return (route is also a popstate listener). */
  private readonly route = (retrying?: unknown): void => {
    // Links of the old hash routes (#/campaigns) still work.
    if (location.hash.startsWith('#/')) return navigate(location.hash.slice(1), true);
    const match = matchRoute(routes, location.pathname);
    this.set({ match, screen: null, menuOpen: false, failed: null });
    if (!match) return void (document.title = 'Page not found · Herald');
    document.title = `${match.route.title} · Herald`;
    if (!hasRole(this.ctx.me.role, match.route.minRole)) return;
    match.route
      .load()
      .then(() => {
        if (this.state.match !== match) return;
        const el = document.createElement(match.route.tag) as ScreenElement;
        el.ctx = this.ctx;
        el.params = match.params;
        el.query = new URLSearchParams(location.search);
        this.set({ screen: el });
        // Focus the page for keyboard and screen-reader users after a navigation.
        requestAnimationFrame(() => this.querySelector<HTMLElement>('main')?.focus({ preventScroll: true }));
      })
      .catch((err: unknown) => {
        // Some browsers keep a screen's code that failed to download as failed for the page's lifetime
        // (the HTML module map remembers the failure): online again and still failing, only a fresh
        // load of this address fetches it. The screen never showed, so nothing typed is lost.
        if (retrying === true && navigator.onLine && this.state.match === match) return location.reload();
        this.set({ failed: err });
      });
  };

  override render() {
    const { me, tenant } = this.ctx;
    const { match, screen, menuOpen, failed } = this.state;
    const current = match ? (match.route.section ?? match.route.path) : '';
    const nav = routes.filter((r) => r.nav && hasRole(me.role, r.minRole));
    return html`
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <button type="button" class="menu secondary" aria-expanded=${String(Boolean(menuOpen))} aria-controls="nav" @click=${() => this.set({ menuOpen: !menuOpen })}>Menu</button>
        <a class="brand" href="/">Herald</a>
        <span class="tenant" data-testid="tenant-name">${tenant.name}</span>
        <span class="who muted">${me.email ?? ''} · ${me.role}</span>
        <button type="button" class="secondary signout" @click=${() => this.onSignOut()}>Sign out</button>
      </header>
      <h-demo-notice></h-demo-notice>
      <div class="layout">
        <nav id="nav" aria-label="Main" class=${menuOpen ? 'open' : ''}>
          ${nav.map((r) => html`<a href=${r.path} aria-current=${r.path === current ? 'page' : nothing} class=${r.path === current ? 'active' : ''}>${r.nav}</a>`)}
        </nav>
        <main id="main" class="content" tabindex="-1">
          ${!match
            ? html`<h1>Page not found</h1><p>There is no page at this address. <a href="/">Go to the overview</a>.</p>`
            : !hasRole(me.role, match.route.minRole)
              ? html`<h1>Not allowed</h1><p data-testid="forbidden">${match.route.title} is for ${match.route.minRole}s and above; you are signed in as ${me.role}. <a href="/">Go to the overview</a>.</p>`
              : failed
                ? loadFailure(`The “${match.route.title}” page`, failed, () => this.route(true))
                : (screen ?? html`<p class="busy" role="status"><span class="spinner" aria-hidden="true"></span>Loading…</p>`)}
        </main>
      </div>
    `;
  }
}
customElements.define('h-shell', Shell);
