import { generateKeyPairSync } from 'node:crypto';
import { parseFields, selectFields } from './google-partial-response.js';
import { GoogleTokenEndpoint } from './google-token-endpoint.js';
import { json, startHttpFake, type RecordedRequest } from './http-fake.js';

/** A Workspace user as the Directory API returns it (with more than Herald asks for, as Google has). */
export interface FakeGoogleUser {
  id: string;
  primaryEmail: string;
  name: { givenName: string; familyName: string; fullName?: string };
  organizations?: { title?: string; primary?: boolean; department?: string }[];
  phones?: { value: string; type: string; primary?: boolean }[];
  addresses?: { type: string; formatted?: string; streetAddress?: string; locality?: string; postalCode?: string; country?: string; primary?: boolean }[];
  recoveryEmail?: string;
  suspended?: boolean;
  /** The Workspace customer the user belongs to (the fake's own unless set). */
  customerId?: string;
}
/** The id of the one Workspace customer the fake serves unless a test says otherwise. */
export const FAKE_GOOGLE_CUSTOMER_ID = 'C0fake0cust';
/** The console's OAuth client id, as the fake's tokeninfo reports admins' tokens issued to it. */
export const FAKE_GOOGLE_OAUTH_CLIENT_ID = '123456789-herald-console.apps.googleusercontent.example';

export interface FakeGoogleGroup {
  id: string;
  name: string;
  members: string[];
}
export type FakeFailure = { status: number; reason?: string; retryAfter?: string } | null;

/**
 * A person's own OAuth access token, as their Google sign-in in the console gives it: the customer
 * they belong to and its domains, the OAuth client it was issued to, whose it is, and what they may
 * do there (`super_admin` unless said: a delegated admin reads the customer and its domains too,
 * a plain user is refused by every Admin SDK call).
 */
export interface FakeAdminToken {
  customerId: string;
  domains: { domainName: string; verified: boolean; isPrimary?: boolean }[];
  /** The OAuth client it was issued to (Herald's console unless said). */
  audience?: string;
  /** The signer's address, in tokeninfo when the token carries the `email` scope (omitted: it does not). */
  email?: string;
  /** tokeninfo's email_verified (true unless said). */
  emailVerified?: boolean;
  privileges?: 'super_admin' | 'delegated_admin' | 'user';
}

/**
 * A local server speaking the Admin SDK Directory API (users.list, groups.list, members.list
 * with paging and partial responses: `fields` selects what a list answer carries) and Google's OAuth token endpoint for service-account JWT assertions.
 * For people's own tokens (`state.adminTokens`): tokeninfo (client, scopes, email), customers.get,
 * domains.list and users.get (`isAdmin` for a super admin), as that person may call them.
 * `failUsersPage(page, attempt)` injects errors: quota (403 rateLimitExceeded, 429) or outages.
 */
export async function startFakeGoogle(options: { users: FakeGoogleUser[]; groups?: FakeGoogleGroup[]; pageSize?: number; tokenEndpoint?: GoogleTokenEndpoint }) {
  const state = {
    users: options.users,
    groups: options.groups ?? [],
    /** Called for each users.list request: page index (0-based) and how many times it was asked. */
    failUsersPage: ((_page: number, _attempt: number): FakeFailure => null) as (page: number, attempt: number) => FakeFailure,
    tokenEndpoint: options.tokenEndpoint ?? new GoogleTokenEndpoint(),
    /** How many times each users page was asked for (reset between scenarios). */
    attempts: new Map<number, number>(),
    /** The most users a users.list page holds (Google's is 500). */
    usersPageCap: options.pageSize ?? 500,
    /** The Workspace customer this fake serves; users.list refuses any other `customer`. */
    customerId: FAKE_GOOGLE_CUSTOMER_ID,
    /**
     * Admins' own OAuth access tokens (what an admin's Google sign-in gives the console), each for
     * a customer with its domains: customers.get / domains.list answer as that admin.
     */
    adminTokens: new Map<string, FakeAdminToken>(),
  };
  const attempts = state.attempts;

  const authorized = (req: RecordedRequest) => state.tokenEndpoint.who(req.headers.authorization);
  /** A list answer as Google sends it: only the fields the request selected (partial response). */
  const listAnswer = (res: Parameters<typeof json>[0], req: RecordedRequest, body: unknown) => {
    if (!req.query.fields) return json(res, 200, body);
    let selection;
    try {
      selection = parseFields(req.query.fields);
    } catch (err) {
      return json(res, 400, { error: { code: 400, message: String((err as Error).message), errors: [{ reason: 'invalidParameter' }] } });
    }
    return json(res, 200, selectFields(body, selection));
  };
  const page = <T>(items: T[], req: RecordedRequest, cap: number) => {
    const size = Math.min(Number(req.query.maxResults ?? cap), cap);
    const offset = req.query.pageToken ? Number(req.query.pageToken.slice(1)) : 0;
    const slice = items.slice(offset, offset + size);
    const next = offset + size < items.length ? `o${offset + size}` : undefined;
    return { slice, next, index: Math.floor(offset / size) };
  };

  const fake = await startHttpFake((req, res) => {
    if (req.method === 'POST' && req.path === '/token') {
      const answer = state.tokenEndpoint.answer(req.body);
      return json(res, answer.status, answer.body);
    }
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const admin = bearer ? state.adminTokens.get(bearer) : undefined;
    if (req.method === 'POST' && req.path === '/tokeninfo') {
      // Google's tokeninfo: which OAuth client a token was issued to.
      if (!admin) return json(res, 400, { error: 'invalid_token', error_description: 'Invalid Value' });
      const aud = admin.audience ?? FAKE_GOOGLE_OAUTH_CLIENT_ID;
      const scopes = ['admin.directory.customer.readonly', 'admin.directory.domain.readonly', 'admin.directory.user.readonly'].map((s) => `https://www.googleapis.com/auth/${s}`);
      // As Google answers: numbers and booleans as strings; email only with the `email` scope.
      const who = admin.email ? { email: admin.email, email_verified: String(admin.emailVerified ?? true) } : {};
      return json(res, 200, { aud, azp: aud, scope: [...(admin.email ? ['https://www.googleapis.com/auth/userinfo.email', 'openid'] : []), ...scopes].join(' '), expires_in: '3500', ...who, access_type: 'online' });
    }
    if (admin) {
      // A person's own token: the calls of the "connect Google Workspace" proof.
      const privileges = admin.privileges ?? 'super_admin';
      if (privileges === 'user') return json(res, 403, { error: { code: 403, message: 'Not Authorized to access this resource/api', errors: [{ reason: 'forbidden' }] } });
      const userKey = /^\/admin\/directory\/v1\/users\/([^/]+)$/.exec(req.path)?.[1];
      if (userKey) {
        // users.get as that admin: the people of the same customer whose tokens the fake knows.
        const people = [...state.adminTokens.values()];
        const index = people.findIndex((t) => t.customerId === admin.customerId && t.email?.toLowerCase() === userKey.toLowerCase());
        const person = people[index];
        if (!person) return json(res, 404, { error: { code: 404, message: 'Resource Not Found: userKey', errors: [{ reason: 'notFound' }] } });
        const role = person.privileges ?? 'super_admin';
        return listAnswer(res, req, { kind: 'admin#directory#user', id: String(100000000000000000000n + BigInt(index)), primaryEmail: person.email, isAdmin: role === 'super_admin', isDelegatedAdmin: role === 'delegated_admin', suspended: false, customerId: person.customerId });
      }
      const customer = /^\/admin\/directory\/v1\/customers\/([^/]+)$/.exec(req.path)?.[1];
      if (customer) {
        if (customer !== 'my_customer' && customer !== admin.customerId) return json(res, 403, { error: { code: 403, message: 'Not Authorized to access this resource/api', errors: [{ reason: 'forbidden' }] } });
        return json(res, 200, { kind: 'admin#directory#customer', id: admin.customerId, customerDomain: admin.domains.find((d) => d.isPrimary)?.domainName ?? admin.domains[0]?.domainName });
      }
      const domains = /^\/admin\/directory\/v1\/customer\/([^/]+)\/domains$/.exec(req.path)?.[1];
      if (domains) {
        if (domains !== 'my_customer' && domains !== admin.customerId) return json(res, 403, { error: { code: 403, message: 'Not Authorized to access this resource/api', errors: [{ reason: 'forbidden' }] } });
        return json(res, 200, { kind: 'admin#directory#domains', domains: admin.domains.map((d) => ({ kind: 'admin#directory#domain', isPrimary: false, ...d })) });
      }
      return json(res, 403, { error: { code: 403, message: 'Not Authorized to access this resource/api', errors: [{ reason: 'forbidden' }] } });
    }
    if (!authorized(req)) return json(res, 401, { error: { code: 401, message: 'Invalid Credentials', errors: [{ reason: 'authError' }] } });

    if (req.path === '/admin/directory/v1/users') {
      if (req.query.customer !== 'my_customer' && req.query.customer !== state.customerId) {
        return json(res, 403, { error: { code: 403, message: 'Not Authorized to access this resource/api', errors: [{ reason: 'forbidden' }] } });
      }
      const { slice, next, index } = page(state.users, req, state.usersPageCap);
      const attempt = (attempts.get(index) ?? 0) + 1;
      attempts.set(index, attempt);
      const failure = state.failUsersPage(index, attempt);
      if (failure) {
        return json(res, failure.status, { error: { code: failure.status, message: 'fake failure', errors: [{ reason: failure.reason ?? 'backendError' }] } }, failure.retryAfter ? { 'retry-after': failure.retryAfter } : {});
      }
      return listAnswer(res, req, { kind: 'admin#directory#users', users: slice.map((u) => ({ customerId: state.customerId, ...u })), ...(next ? { nextPageToken: next } : {}) });
    }
    if (req.path === '/admin/directory/v1/groups') {
      const { slice, next } = page(state.groups, req, 200);
      return listAnswer(res, req, { groups: slice.map((g) => ({ id: g.id, name: g.name, email: `${g.id}@groups.example`, directMembersCount: g.members.length })), ...(next ? { nextPageToken: next } : {}) });
    }
    const members = /^\/admin\/directory\/v1\/groups\/([^/]+)\/members$/.exec(req.path);
    if (members) {
      const group = state.groups.find((g) => g.id === members[1]);
      if (!group) return json(res, 404, { error: { code: 404, message: 'Resource Not Found: groupKey', errors: [{ reason: 'notFound' }] } });
      const { slice, next } = page(group.members, req, 200);
      return listAnswer(res, req, { members: slice.map((id) => ({ id, type: 'USER', role: 'MEMBER', email: `${id}@members.example` })), ...(next ? { nextPageToken: next } : {}) });
    }
    return json(res, 404, { error: { code: 404, message: 'not found' } });
  });

  return {
    ...fake,
    state,
    /** Env for readConfig: the API root, the token endpoint and a throwaway service account key. */
    env: (): Record<string, string> => ({
      GOOGLE_API_ROOT_URL: fake.url + '/',
      GOOGLE_TOKEN_URL: fake.url + '/token',
      GOOGLE_TOKENINFO_URL: fake.url + '/tokeninfo',
      GOOGLE_OAUTH_CLIENT_ID: FAKE_GOOGLE_OAUTH_CLIENT_ID,
      GOOGLE_SERVICE_ACCOUNT_KEY: testServiceAccountKey(),
      DIRECTORY_RETRY_BASE_MS: '5',
    }),
    usersRequests: () => fake.requests.filter((r) => r.path === '/admin/directory/v1/users'),
  };
}

let cachedKey: string | undefined;
/** A freshly generated key for a fictitious service account: good for signing, valid nowhere. */
export function testServiceAccountKey(): string {
  cachedKey ??= JSON.stringify({
    type: 'service_account',
    client_email: 'herald-sync@herald-test.iam.gserviceaccount.com',
    // The service account's numeric OAuth client id: what a super admin pastes into domain-wide delegation.
    client_id: '109876543210987654321',
    private_key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
  return cachedKey;
}

/**
 * `n` fictitious Workspace users with predictable fields. With `digits`, every number in them is
 * zero-padded to that width (`person0001234`), so a person's bytes do not depend on how many people
 * there are (the cost bench compares tenants of different sizes per employee).
 */
export function fakeGoogleUsers(n: number, domain = 'acme.example', offset = 0, digits = 0): FakeGoogleUser[] {
  const num = (x: number, width = digits) => String(x).padStart(width, '0');
  return Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    const [nr, title, street] = [num(i), num(i % 50, digits && 2), num(i % 90, digits && 2)];
    return {
      id: String(200000000000000000000n + BigInt(i)),
      primaryEmail: `person${nr}@${domain}`,
      name: { givenName: `Given${nr}`, familyName: `Family${nr}`, fullName: `Given${nr} Family${nr}` },
      organizations: [{ title: `Title ${title}`, primary: true, department: 'Dept' }],
      phones: [
        { value: `+33 1 00 00 ${String(i % 10000).padStart(4, '0')}`, type: 'work', primary: true },
        { value: `+33 6 00 00 ${String(i % 10000).padStart(4, '0')}`, type: 'mobile' },
        { value: '+33 9 99 99 99 99', type: 'home' },
      ],
      addresses: [
        { type: 'work', formatted: `${street} Example Street, 75000 Paris, France`, primary: true },
        { type: 'home', formatted: 'Somewhere private 1' },
      ],
      recoveryEmail: `private${nr}@mail.example`,
    };
  });
}
