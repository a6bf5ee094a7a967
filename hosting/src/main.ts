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
import { ApiError, createApi, type Api, type Me, type Tenant } from './api';
import { h, mount } from './dom';
import { hasRole } from './roles';
import { screens } from './screens/index';
import './style.css';

interface InitConfig {
  projectId: string;
  apiKey: string;
  authDomain: string;
  /** Only the local host sends this. */
  authEmulatorUrl?: string;
}

const root = document.getElementById('app')!;

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
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, 'aria-label': 'Email' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, 'aria-label': 'Password' });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        error.textContent = '';
        signInWithEmailAndPassword(auth, email.value.trim(), password.value).catch(() => {
          error.textContent = 'Wrong email or password.';
        });
      },
    },
    h('h1', {}, 'Sign in to Herald'),
    h('label', {}, 'Email', email),
    h('label', {}, 'Password', password),
    h('button', { type: 'submit' }, 'Sign in'),
    error,
    h('div', { class: 'providers' },
      h('button', { type: 'button', class: 'secondary', onclick: () => void signInWithPopup(auth, new GoogleAuthProvider()) }, 'Sign in with Google'),
      h('button', { type: 'button', class: 'secondary', onclick: () => void signInWithPopup(auth, new OAuthProvider('microsoft.com')) }, 'Sign in with Microsoft'),
    ),
    demo ? h('p', { class: 'muted' }, 'Demo: admin@acme.example, jane.doe@acme.example or admin@initech.example, password herald-demo.') : null,
  );
  mount(root, h('main', { class: 'centered' }, form));
}

async function showConsole(auth: Auth, api: Api): Promise<void> {
  const me = await api<Me>('/me');
  if (!me.tenantId) return showNoTenant(auth, api, me);
  const tenant = await api<Tenant>('/tenant');
  const visible = screens.filter((s) => hasRole(me.role, s.minRole));
  const content = h('main', { class: 'content' });
  const nav = h('nav', { 'aria-label': 'Main' }, ...visible.map((s) => h('a', { href: `#/${s.id}`, 'data-screen': s.id }, s.label)));
  const header = h(
    'header',
    {},
    h('strong', { class: 'brand' }, 'Herald'),
    h('span', { 'data-testid': 'tenant-name' }, tenant.name),
    h('span', { class: 'muted' }, `${me.email ?? ''} · ${me.role}`),
    h('button', { type: 'button', class: 'secondary', onclick: () => void signOut(auth) }, 'Sign out'),
  );
  mount(root, header, h('div', { class: 'layout' }, nav, content));

  const render = async () => {
    const id = location.hash.replace(/^#\//, '') || 'overview';
    const screen = visible.find((s) => s.id === id) ?? visible[0]!;
    nav.querySelectorAll('a').forEach((a) => a.classList.toggle('active', a.dataset.screen === screen.id));
    mount(content, h('p', { class: 'loading' }, 'Loading…'));
    try {
      mount(content, await screen.render({ api, me, tenant }));
    } catch (err) {
      mount(content, h('p', { class: 'error', role: 'alert' }, messageOf(err)));
    }
  };
  window.onhashchange = () => void render();
  await render();
}

/** A signed-in account without a tenant: join its company here, find its region, or create a tenant. */
async function showNoTenant(auth: Auth, api: Api, me: Me): Promise<void> {
  const domain = me.email?.split('@')[1] ?? '';
  const region = await api<{ region: string; label: string; peerLocatorUrl: string }>('/region');
  const here = domain ? await fetch(`/api/locate?domain=${encodeURIComponent(domain)}`).then((r) => r.ok).catch(() => false) : false;
  const error = h('p', { class: 'error', role: 'alert' });
  const afterClaims = () => auth.currentUser!.getIdToken(true).then(() => showConsole(auth, api));
  const signOutButton = h('button', { type: 'button', class: 'secondary', onclick: () => void signOut(auth) }, 'Sign out');

  if (here) {
    const join = h('button', { type: 'button', onclick: () => void api('/me/join', { method: 'POST', body: '{}' }).then(afterClaims).catch((err: unknown) => (error.textContent = messageOf(err))) }, 'Join your company on Herald');
    mount(root, h('main', { class: 'centered' }, h('div', { class: 'card' }, h('h1', {}, 'Welcome to Herald'), h('p', {}, `Your company (${domain}) uses Herald.`), join, error, signOutButton)));
    return;
  }

  let elsewhere: string | null = null;
  if (domain && region.peerLocatorUrl) {
    const res = await fetch(`${region.peerLocatorUrl}?domain=${encodeURIComponent(domain)}`).catch(() => null);
    if (res?.ok) elsewhere = ((await res.json()) as { region: string }).region;
  }
  const name = h('input', { name: 'companyName', required: true, 'aria-label': 'Company name' });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        api('/onboarding', { method: 'POST', body: JSON.stringify({ companyName: name.value, domain }) })
          .then(afterClaims)
          .catch((err: unknown) => (error.textContent = messageOf(err)));
      },
    },
    h('h1', {}, 'Set up Herald for your company'),
    elsewhere ? h('p', {}, `Your company already uses Herald in the ${elsewhere.toUpperCase()} region: sign in there.`) : null,
    h('p', { class: 'muted' }, `Your company's data will be stored in: ${region.label}.`),
    h('label', {}, 'Company name', name),
    h('button', { type: 'submit' }, `Create a tenant for ${domain}`),
    error,
    signOutButton,
  );
  mount(root, h('main', { class: 'centered' }, form));
}

function showError(auth: Auth, err: unknown): void {
  mount(root, h('main', { class: 'centered' }, h('div', { class: 'card' }, h('p', { class: 'error', role: 'alert' }, messageOf(err)), h('button', { type: 'button', onclick: () => void signOut(auth) }, 'Sign out'))));
}

function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Something went wrong. Please try again.';
}

void boot();
