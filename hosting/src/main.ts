import { initializeApp } from 'firebase/app';
import {
  connectAuthEmulator,
  getAuth,
  GoogleAuthProvider,
  OAuthProvider,
  onAuthStateChanged,
  signInWithEmailAndPassword,
  signInWithPopup,
  signOut,
  type Auth,
} from 'firebase/auth';
import { html, render } from 'lit';
import { createApi, messageOf, type Api } from './api';
import type { LocateAnswer, Me, RegionView, TenantView } from '../../functions/src/api-types.js';
import { Shell } from './shell';
import './style.css';

interface InitConfig {
  projectId: string;
  apiKey: string;
  authDomain: string;
  /** Only the local host sends this. */
  authEmulatorUrl?: string;
}

const root = document.getElementById('app')!;

/**
 * The ID token of this session's Microsoft sign-in. Firebase marks Microsoft addresses on company
 * domains unverified; Herald's API verifies them when this token comes from the Entra tenant bound
 * to the company's Herald tenant (POST /api/me/microsoft-proof), before the employee joins.
 */
let microsoftIdToken: string | null = null;

/** A fresh container per view, so Lit never renders over another view's nodes. */
function view(): (tpl: unknown) => void {
  const host = document.createElement('div');
  root.replaceChildren(host);
  return (tpl) => render(tpl, host);
}

async function boot(): Promise<void> {
  // Firebase Hosting serves this file in production; the local host serves the emulator variant.
  const config = (await (await fetch('/__/firebase/init.json')).json()) as InitConfig;
  const app = initializeApp({ apiKey: config.apiKey, authDomain: config.authDomain, projectId: config.projectId });
  const auth = getAuth(app);
  if (config.authEmulatorUrl) connectAuthEmulator(auth, config.authEmulatorUrl, { disableWarnings: true });
  const api = createApi(auth);
  onAuthStateChanged(auth, (user) => {
    if (!user) return showSignIn(auth, Boolean(config.authEmulatorUrl));
    void showConsole(auth, api).catch((err: unknown) => showError(auth, err));
  });
}

function showSignIn(auth: Auth, demo: boolean): void {
  document.title = 'Sign in · Herald';
  let error = '';
  let busy = false;
  const paint = view();
  const draw = () =>
    paint(
      html`<main class="centered">
        <form class="card" @submit=${submit}>
          <h1>Sign in to Herald</h1>
          <label>Email <input type="email" name="email" autocomplete="username" required /></label>
          <label>Password <input type="password" name="password" autocomplete="current-password" required /></label>
          <button type="submit" ?disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
          <p class="error" role="alert">${error}</p>
          <div class="providers">
            <button type="button" class="secondary" @click=${() => void signInWithPopup(auth, new GoogleAuthProvider())}>Sign in with Google</button>
            <button type="button" class="secondary" @click=${() =>
              void signInWithPopup(auth, new OAuthProvider('microsoft.com')).then((result) => {
                microsoftIdToken = OAuthProvider.credentialFromResult(result)?.idToken ?? null;
              })}>Sign in with Microsoft</button>
          </div>
          ${demo ? html`<p class="muted">Demo: owner@acme.example, admin@acme.example, jane.doe@acme.example or admin@initech.example, password herald-demo.</p>` : null}
        </form>
      </main>`,
    );
  const submit = (ev: Event) => {
    ev.preventDefault();
    const form = new FormData(ev.target as HTMLFormElement);
    error = '';
    busy = true;
    draw();
    signInWithEmailAndPassword(auth, String(form.get('email')).trim(), String(form.get('password'))).catch(() => {
      error = 'Wrong email or password.';
      busy = false;
      draw();
    });
  };
  draw();
}

async function showConsole(auth: Auth, api: Api): Promise<void> {
  const me = await api<Me>('/me');
  if (!me.tenantId) return showNoTenant(auth, api, me);
  const shell = new Shell();
  shell.ctx = {
    api,
    me,
    tenant: await api<TenantView>('/tenant'),
    refreshTenant: async () => {
      shell.ctx.tenant = await api<TenantView>('/tenant');
      shell.requestUpdate();
    },
  };
  shell.onSignOut = () => {
    history.replaceState(null, '', '/');
    void signOut(auth);
  };
  root.replaceChildren(shell);
}

/** A signed-in account without a tenant: join its company here, find its region, or create a tenant. */
async function showNoTenant(auth: Auth, api: Api, me: Me): Promise<void> {
  document.title = 'Welcome · Herald';
  const domain = me.email?.split('@')[1] ?? '';
  const region = await api<RegionView>('/region');
  const here = domain ? await fetch(`/api/locate?domain=${encodeURIComponent(domain)}`).then((r) => r.ok).catch(() => false) : false;
  let error = '';
  let busy = false;
  const afterClaims = () => auth.currentUser!.getIdToken(true).then(() => showConsole(auth, api));
  const attempt = (run: () => Promise<unknown>) => {
    busy = true;
    error = '';
    draw();
    run()
      .then(afterClaims)
      .catch((err: unknown) => {
        busy = false;
        error = messageOf(err);
        draw();
      });
  };
  let elsewhere: string | null = null;
  if (!here && domain && region.peerLocatorUrl) {
    const res = await fetch(`${region.peerLocatorUrl}?domain=${encodeURIComponent(domain)}`).catch(() => null);
    if (res?.ok) elsewhere = ((await res.json()) as LocateAnswer).region;
  }
  const signOutButton = html`<button type="button" class="secondary" @click=${() => void signOut(auth)}>Sign out</button>`;
  const paint = view();
  const draw = () =>
    paint(
      here
        ? html`<main class="centered"><div class="card">
            <h1>Welcome to Herald</h1>
            <p>Your company (${domain}) uses Herald.</p>
            <button type="button" ?disabled=${busy} @click=${() => attempt(async () => {
              if (!auth.currentUser!.emailVerified && microsoftIdToken) {
                await api('/me/microsoft-proof', { method: 'POST', json: { idToken: microsoftIdToken } });
                await auth.currentUser!.getIdToken(true);
              }
              return api('/me/join', { method: 'POST', json: {} });
            })}>Join your company on Herald</button>
            <p class="error" role="alert">${error}</p>
            ${signOutButton}
          </div></main>`
        : html`<main class="centered"><form class="card" @submit=${(ev: Event) => {
            ev.preventDefault();
            const companyName = String(new FormData(ev.target as HTMLFormElement).get('companyName'));
            attempt(() => api('/onboarding', { method: 'POST', json: { companyName, domain } }));
          }}>
            <h1>Set up Herald for your company</h1>
            ${elsewhere ? html`<p>Your company already uses Herald in the ${elsewhere.toUpperCase()} region: sign in there.</p>` : null}
            <p class="muted">Your company's data will be stored in: ${region.label}.</p>
            <label>Company name <input name="companyName" required /></label>
            <button type="submit" ?disabled=${busy}>Create a tenant for ${domain}</button>
            <p class="error" role="alert">${error}</p>
            ${signOutButton}
          </form></main>`,
    );
  draw();
}

function showError(auth: Auth, err: unknown): void {
  view()(html`<main class="centered"><div class="card"><p class="error" role="alert">${messageOf(err)}</p><button type="button" @click=${() => void signOut(auth)}>Sign out</button></div></main>`);
}

void boot();
