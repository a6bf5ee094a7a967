import { createHash } from 'node:crypto';
import type { StateFile } from './firestore-state.js';
import { FakeGmail } from './stand-ins/fake-gmail.js';
import { FAKE_GOOGLE_OAUTH_CLIENT_ID, startFakeGoogle, testServiceAccountKey, type FakeGoogleUser } from './stand-ins/google-directory-fake.js';
import { GoogleTokenEndpoint } from './stand-ins/google-token-endpoint.js';
import { json, startHttpFake } from './stand-ins/http-fake.js';
import { startFakeGraph, type FakeGraphUser } from './stand-ins/microsoft-graph-fake.js';

/**
 * `npm start`'s outside world: Acme's Google Workspace (Admin SDK directory, Gmail settings, the
 * OAuth token endpoint, tokeninfo) and Initech's Microsoft 365 (Graph, the identity platform's
 * token endpoint and admin consent) played by the same local stand-ins the tests use, seeded with
 * the demo tenants' fictitious staff. Only the local host starts them (functions/src/local is not
 * part of the functions build; test/unit/demo-stand-ins.test.ts proves production never reaches them).
 */

/** The directory scopes and the Gmail one: what Acme's fictitious super admin delegated. */
const ALL_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.readonly',
  'https://www.googleapis.com/auth/gmail.settings.basic',
];

/** What the demo's delegation says, switchable from the controls page to show each failure. */
export const DELEGATION_MODES = {
  granted: { label: 'Delegation granted (all scopes)', scopes: ALL_SCOPES },
  gmail_missing: { label: 'Gmail scope missing (directory scopes only)', scopes: ALL_SCOPES.slice(0, 2) },
  none: { label: 'Not delegated (client id absent)', scopes: [] },
} as const;
export type DelegationMode = keyof typeof DELEGATION_MODES;

/** Acme's customer id in the seed (tenants/acme.googleCustomerId). */
const ACME_CUSTOMER = 'C01acme00';
/** Initech's fictitious Entra tenant and Herald's fictitious multi-tenant app. */
export const DEMO_ENTRA_TENANT = '0e1d0000-0000-4000-8000-00000000c0de';
const DEMO_MICROSOFT_CLIENT_ID = '4e7a1d00-0000-4000-8000-0000000de770';
const DEMO_MICROSOFT_CLIENT_SECRET = 'demo-stand-in-secret-not-a-real-one';
/**
 * Whom the console's Google sign-in proves (the "connect Google Workspace" step): the Auth emulator
 * hands every Google sign-in the same access token, so the stand-in answers for one super admin,
 * who must be the Herald account that connects (the tenant's owner).
 */
export const DEMO_GOOGLE_SUPER_ADMIN = 'admin@acme.example';
/** What the Auth emulator hands the console as a Google sign-in's access token (firebase-tools, fixed). */
const EMULATOR_GOOGLE_ACCESS_TOKEN = 'FirebaseAuthEmulatorFakeAccessToken_google.com';

/** Addresses that play each failure a push or a check can meet, explained in the console. */
export const DEMO_FAILURES = {
  /** Gmail knows no mailbox for this person: their push fails with the reason. */
  noMailbox: 'kim.pilot@acme.example',
  /** Google has no active account for this address (a former employee): the check says so. */
  unknownAccount: 'former.employee@acme.example',
} as const;

export interface DemoStandIns {
  /** Env for readConfig: these stand-ins as Google's and Microsoft's endpoints, with throwaway credentials. */
  env: Record<string, string>;
  /** What the console labels as simulated. */
  simulated: string[];
  /** A page (on the stand-ins' own port) that switches Acme's delegation, to show each failure mode. */
  controlsUrl: string;
  /** Where Herald listens, once it does: an Initech employee's simulated Outlook calls its API there. */
  setHeraldUrl(url: string): void;
  /** One Initech employee's Outlook add-in fetching their signature, as Outlook would on a new email: Herald's answer status and message. */
  outlookCompose(email: string): Promise<{ status: number; message: string }>;
  /** Whom the console's Google sign-in proves from now on (default DEMO_GOOGLE_SUPER_ADMIN). */
  googleSignInAs(email: string): void;
  stop(): Promise<void>;
}

interface SeedUser {
  email: string;
  firstName: string;
  lastName: string;
  title?: string;
  workPhone?: string;
  mobilePhone?: string;
  addresses?: string[];
  groups?: string[];
  externalId?: string;
}

function staffOf(seed: StateFile, tenantId: string): SeedUser[] {
  const prefix = `tenants/${tenantId}/users/`;
  return Object.entries(seed.docs)
    .filter(([path]) => path.startsWith(prefix) && !path.slice(prefix.length).includes('/'))
    .map(([, data]) => data as unknown as SeedUser);
}

/** Groups by name, with their members' ids. */
function groupsOf<T>(people: T[], idOf: (p: T) => string, groupsOfPerson: (p: T) => string[]) {
  const groups = new Map<string, string[]>();
  for (const p of people) for (const g of groupsOfPerson(p)) groups.set(g, [...(groups.get(g) ?? []), idOf(p)]);
  return [...groups].map(([name, members]) => ({ id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), name, members }));
}

const guidFrom = (s: string) => {
  const h = createHash('sha256').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export async function startDemoStandIns(seed: StateFile): Promise<DemoStandIns> {
  const acme = staffOf(seed, 'acme').map(
    (u, i): FakeGoogleUser => ({
      id: u.externalId ?? String(300000000000000000000n + BigInt(i)),
      primaryEmail: u.email,
      name: { givenName: u.firstName, familyName: u.lastName, fullName: `${u.firstName} ${u.lastName}` },
      ...(u.title ? { organizations: [{ title: u.title, primary: true }] } : {}),
      phones: [...(u.workPhone ? [{ value: u.workPhone, type: 'work', primary: true }] : []), ...(u.mobilePhone ? [{ value: u.mobilePhone, type: 'mobile' }] : [])],
      addresses: (u.addresses ?? []).slice(0, 1).map((formatted) => ({ type: 'work', formatted, primary: true })),
    }),
  );
  const acmeGroups = groupsOf(staffOf(seed, 'acme'), (u) => acme.find((g) => g.primaryEmail === u.email)!.id, (u) => u.groups ?? []);

  const tokens = new GoogleTokenEndpoint();
  tokens.delegatedScopes = new Set(DELEGATION_MODES.granted.scopes);
  tokens.unknownSubjects.add(DEMO_FAILURES.unknownAccount);
  const google = await startFakeGoogle({ users: acme, groups: acmeGroups, tokenEndpoint: tokens });
  google.state.customerId = ACME_CUSTOMER;
  // The console's Google sign-in (through the Auth emulator) is Acme's super admin.
  const googleSignInAs = (email: string) =>
    google.state.adminTokens.set(EMULATOR_GOOGLE_ACCESS_TOKEN, { customerId: ACME_CUSTOMER, domains: [{ domainName: 'acme.example', verified: true, isPrimary: true }], email });
  googleSignInAs(DEMO_GOOGLE_SUPER_ADMIN);
  const gmail = await new FakeGmail({ tokenEndpoint: tokens }).start();
  gmail.unknown.add(DEMO_FAILURES.noMailbox);
  // Jane sends as the team's address too, and as a partner address on a domain Acme never proved (shown as skipped, never pushed).
  gmail.aliases.set('jane.doe@acme.example', [{ sendAsEmail: 'sales@acme.example' }, { sendAsEmail: 'jane.doe@partner-example.org', verificationStatus: 'accepted' }]);

  const initech = staffOf(seed, 'initech').map(
    (u): FakeGraphUser => ({
      id: guidFrom(`initech:${u.email}`),
      mail: u.email,
      userPrincipalName: u.email,
      givenName: u.firstName,
      surname: u.lastName,
      jobTitle: u.title ?? null,
      businessPhones: u.workPhone ? [u.workPhone] : [],
      mobilePhone: u.mobilePhone || null,
    }),
  );
  const initechGroups = groupsOf(staffOf(seed, 'initech'), (u) => guidFrom(`initech:${u.email}`), (u) => u.groups ?? []).map((g) => ({ id: guidFrom(`group:${g.name}`), displayName: g.name, members: g.members }));
  // Initech's shared mailbox (sign-in blocked, as the admin center creates one): the sync lists it
  // apart from the people, as a sending address a template may be assigned to.
  const initechSupport: FakeGraphUser = { id: guidFrom('initech:support@initech.example'), mail: 'support@initech.example', userPrincipalName: 'support@initech.example', displayName: 'Initech Support', accountEnabled: false, userPurpose: 'shared' };
  const graph = await startFakeGraph({ tenantId: DEMO_ENTRA_TENANT, clientId: DEMO_MICROSOFT_CLIENT_ID, clientSecret: DEMO_MICROSOFT_CLIENT_SECRET, users: [...initech, initechSupport], groups: initechGroups });
  graph.state.organization.verifiedDomains = [{ name: 'initech.example', isDefault: true }];
  // Until Initech's admin consents (the consent round trip), Microsoft refuses Herald's app there.
  graph.state.consented = false;

  let heraldUrl = '';
  let lastCompose = '';
  /** What the add-in's runtime does on a new email: its Entra access token to Herald's signature endpoint. */
  const outlookCompose = async (email: string): Promise<{ status: number; message: string }> => {
    const person = initech.find((u) => u.mail === email);
    if (!person || !heraldUrl) return { status: 404, message: 'No such Initech employee in the simulated Microsoft 365.' };
    const res = await fetch(`${heraldUrl}/api/addins/outlook/signature`, { headers: { authorization: `Bearer ${await graph.addinAccessToken(person.id)}` } });
    const body = (await res.json().catch(() => ({}))) as { html?: string; error?: { message?: string } };
    return res.ok
      ? { status: res.status, message: `${email}'s Outlook inserted their signature: the console's add-in usage counts them.` }
      : { status: res.status, message: `Herald refused ${email}'s add-in: ${body.error?.message ?? res.statusText}.` };
  };

  let mode: DelegationMode = 'granted';
  const controls = await startHttpFake(async (req, res) => {
    if (req.method === 'POST' && req.path === '/delegation') {
      const asked = new URLSearchParams(req.body).get('mode') as DelegationMode | null;
      if (asked && asked in DELEGATION_MODES) {
        mode = asked;
        tokens.delegatedScopes = new Set(DELEGATION_MODES[mode].scopes);
      }
      res.writeHead(303, { location: '/' }).end();
      return;
    }
    if (req.method === 'POST' && req.path === '/outlook-compose') {
      const email = new URLSearchParams(req.body).get('email') ?? '';
      lastCompose = (await outlookCompose(email)).message;
      res.writeHead(303, { location: '/' }).end();
      return;
    }
    if (req.method === 'GET' && req.path === '/state') return json(res, 200, { mode });
    if (req.method !== 'GET' || req.path !== '/') return json(res, 404, { error: 'not found' });
    const options = Object.entries(DELEGATION_MODES)
      .map(([key, m]) => `<li><form method="post" action="/delegation"><input type="hidden" name="mode" value="${key}"><button ${key === mode ? 'disabled' : ''}>${m.label}</button>${key === mode ? ' ← now' : ''}</form></li>`)
      .join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; form-action 'self'" }).end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Herald demo: simulated Google Workspace</title></head><body>
<h1>Demo controls: Acme's simulated Google Workspace</h1>
<p>Herald's demo plays Google locally. Choose what Acme's super admin granted in domain-wide delegation, then press <em>Check</em> on the console's Deployment page.</p>
<ul>${options}</ul>
<h2>Initech's simulated Microsoft 365: an employee writes an email in Outlook</h2>
<p>Once Initech's Microsoft 365 is connected (admin consent, then a sync) and a template is assigned, this plays what the Herald add-in does when an employee starts an email: it fetches their signature.</p>
<form method="post" action="/outlook-compose"><label>Employee <select name="email">${initech.map((u) => `<option>${escapeHtml(u.mail ?? '')}</option>`).join('')}</select></label> <button>Write an email in Outlook</button></form>
${lastCompose ? `<p role="status">${escapeHtml(lastCompose)}</p>` : ''}
<p>Always simulated: ${DEMO_FAILURES.noMailbox} has no Gmail mailbox (their push fails); ${DEMO_FAILURES.unknownAccount} is not an active account (a check as them says so); jane.doe@acme.example also sends as sales@acme.example and as jane.doe@partner-example.org, not an Acme domain, which Herald never writes.</p>
</body></html>`);
  });

  return {
    env: {
      ...google.env(),
      GMAIL_API_ROOT_URL: gmail.rootUrl,
      GOOGLE_TOKEN_URL: `${google.url}/token`,
      GOOGLE_SERVICE_ACCOUNT_KEY: testServiceAccountKey(),
      GOOGLE_OAUTH_CLIENT_ID: FAKE_GOOGLE_OAUTH_CLIENT_ID,
      ...graph.env(),
      DIRECTORY_RETRY_BASE_MS: '200',
    },
    simulated: ['Google Workspace', 'Microsoft 365'],
    controlsUrl: controls.url,
    googleSignInAs,
    setHeraldUrl: (url) => {
      heraldUrl = url;
    },
    outlookCompose,
    stop: async () => {
      await Promise.all([google.close(), gmail.stop(), graph.close(), controls.close()]);
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
