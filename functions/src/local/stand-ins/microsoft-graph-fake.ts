import { randomBytes } from 'node:crypto';
import { json, startHttpFake, type RecordedRequest } from './http-fake.js';
import { MicrosoftIdTokens } from './microsoft-id-tokens.js';

export interface FakeGraphUser {
  id: string;
  mail: string | null;
  userPrincipalName: string;
  givenName?: string | null;
  surname?: string | null;
  jobTitle?: string | null;
  businessPhones?: string[];
  mobilePhone?: string | null;
  streetAddress?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string | null;
  /** False for a shared mailbox's account (sign-in blocked, as the admin center creates them); true when left out. */
  accountEnabled?: boolean;
  /** Left out: "givenName surname". */
  displayName?: string | null;
  /**
   * The Exchange mailbox's purpose (`mailboxSettings.userPurpose`): `user` when left out; `shared`
   * for a shared mailbox; null for an account without a mailbox (Graph answers 404).
   */
  userPurpose?: 'user' | 'shared' | 'room' | 'equipment' | null;
  /** More than Herald asks for, as Entra has. */
  employeeId?: string | null;
  birthday?: string | null;
}

/**
 * A local server speaking the Microsoft identity platform's token endpoint (client credentials)
 * and Microsoft Graph: `users/delta` with nextLink / deltaLink rounds and `@removed` entries,
 * `$select` honoured, groups and their user members, shared mailboxes (user objects with sign-in
 * blocked whose `mailboxSettings/userPurpose` is `shared`, which needs MailboxSettings.Read), JSON
 * batching (`POST /$batch`, at most 20 requests, each throttled on its own), and 429 with
 * Retry-After on demand.
 */
export async function startFakeGraph(options: { tenantId: string; clientId: string; clientSecret: string; users: FakeGraphUser[]; groups?: { id: string; displayName: string; members: string[] }[]; pageSize?: number }) {
  let version = 1;
  const users = new Map<string, { user: FakeGraphUser; changed: number }>();
  const removed = new Map<string, number>();
  for (const u of options.users) users.set(u.id, { user: u, changed: version });
  const state = {
    groups: options.groups ?? [],
    /** Answer the next `n` Graph requests with 429 and this Retry-After (seconds). */
    throttle: { remaining: 0, retryAfter: '1' },
    /** Answer the next `n` requests inside `$batch` bodies with 429 and this Retry-After (the batch itself answers 200). */
    batchThrottle: { remaining: 0, retryAfter: '1' },
    /** Whether the admin consent includes MailboxSettings.Read: without it, mailbox settings answer 403 ErrorAccessDenied. */
    mailboxSettingsGranted: true,
    tokensIssued: 0,
    /** Whether the tenant's admin consented to Herald's app: until then the token endpoint refuses the app (AADSTS700016). */
    consented: true,
    tokens: new Set<string>(),
    upsert(user: FakeGraphUser) {
      version++;
      users.set(user.id, { user, changed: version });
      removed.delete(user.id);
    },
    /** What `GET /organization` answers: the tenant Graph is acting in, and its verified domains. */
    organization: { id: options.tenantId, verifiedDomains: [] as { name: string; isDefault?: boolean; isInitial?: boolean }[] },
    remove(id: string) {
      version++;
      users.delete(id);
      removed.set(id, version);
    },
  };
  const pageSize = options.pageSize ?? 100;
  const idTokens = await MicrosoftIdTokens.create();
  const rounds = new Map<string, { since: number; until: number; select: string[] }>();

  const fake = await startHttpFake((req, res) => {
    if (req.method === 'GET' && req.path === '/common/discovery/v2.0/keys') return json(res, 200, idTokens.keys());
    // Admin consent (the identity platform's v2.0 adminconsent page): a page naming the app and the
    // organisation; accepting records the consent and redirects back with admin_consent, tenant and state.
    const consent = /^\/([^/]+)\/v2\.0\/adminconsent(\/accept|\/decline)?$/.exec(req.path);
    if (req.method === 'GET' && consent) {
      const org = consent[1]!.toLowerCase();
      const known = org === options.tenantId || state.organization.verifiedDomains.some((d) => d.name.toLowerCase() === org);
      const back = req.query.redirect_uri ? new URL(req.query.redirect_uri) : null;
      if (!known || req.query.client_id !== options.clientId || !back) return json(res, 400, { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${org}' not found, or no redirect_uri.` });
      if (consent[2]) {
        if (consent[2] === '/accept') {
          state.consented = true;
          back.search = new URLSearchParams({ admin_consent: 'True', tenant: options.tenantId, state: req.query.state ?? '', scope: req.query.scope ?? '' }).toString();
        } else back.search = new URLSearchParams({ error: 'access_denied', error_description: 'AADSTS65004: User declined to consent to access the app.', state: req.query.state ?? '' }).toString();
        res.writeHead(302, { location: back.toString() }).end();
        return;
      }
      const query = new URLSearchParams(req.query).toString();
      const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Permissions requested (simulated Microsoft 365)</title></head><body>
<p><strong>Demo: Microsoft 365 is simulated.</strong> This page plays Microsoft's admin consent for the organisation of ${escapeHtml(org)}.</p>
<h1>Permissions requested</h1><p>Herald (client ${escapeHtml(options.clientId)}) asks to read your organisation's users and groups.</p>
<p><a href="/${encodeURIComponent(org)}/v2.0/adminconsent/accept?${escapeHtml(query)}">Accept</a> · <a href="/${encodeURIComponent(org)}/v2.0/adminconsent/decline?${escapeHtml(query)}">Cancel</a></p></body></html>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'" }).end(page);
      return;
    }
    // The token endpoint, under the tenant id or any of its verified domains (the identity platform accepts both).
    const tokenTenant = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(req.path)?.[1]?.toLowerCase();
    const ownTenant = tokenTenant === options.tenantId || state.organization.verifiedDomains.some((d) => d.name.toLowerCase() === tokenTenant);
    if (req.method === 'POST' && tokenTenant && !ownTenant) {
      return json(res, 400, { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${tokenTenant}' not found.` });
    }
    if (req.method === 'POST' && ownTenant && !state.consented) {
      return json(res, 400, { error: 'unauthorized_client', error_description: `AADSTS700016: Application with identifier '${options.clientId}' was not found in the directory.` });
    }
    if (req.method === 'POST' && ownTenant) {
      const form = new URLSearchParams(req.body);
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
        return json(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      }
      if (form.get('scope') !== 'https://graph.microsoft.com/.default') return json(res, 400, { error: 'invalid_scope' });
      const token = 'eyJ0eXAiOiJKV1QifQ.fake-' + randomBytes(8).toString('hex');
      state.tokens.add(token);
      state.tokensIssued++;
      return json(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
    }
    if (!req.path.startsWith('/v1.0/')) return json(res, 404, { error: { code: 'NotFound' } });
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!token || !state.tokens.has(token)) return json(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    if (state.throttle.remaining > 0) {
      state.throttle.remaining--;
      return json(res, 429, { error: { code: 'TooManyRequests', message: 'Too many requests' } }, { 'retry-after': state.throttle.retryAfter });
    }
    const base = `${fake.url}/v1.0`;

    if (req.path === '/v1.0/users/delta') return delta(req, base, res);
    if (req.method === 'POST' && req.path === '/v1.0/$batch') return batch(req, res);
    const answer = resource(req.path.slice('/v1.0'.length), req.query);
    return json(res, answer.status, answer.body);
  });

  /** A plain GET under /v1.0 (also what each request of a batch is answered with). */
  function resource(path: string, query: Record<string, string>): { status: number; body: unknown } {
    const notFound = { status: 404, body: { error: { code: 'Request_ResourceNotFound' } } };
    if (path === '/organization') return { status: 200, body: { value: [{ id: state.organization.id, verifiedDomains: state.organization.verifiedDomains }] } };
    const purpose = /^\/users\/([^/]+)\/mailboxSettings\/userPurpose$/.exec(path);
    if (purpose) {
      if (!state.mailboxSettingsGranted) return { status: 403, body: { error: { code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' } } };
      const found = users.get(decodeURIComponent(purpose[1]!));
      const value = found ? (found.user.userPurpose === undefined ? 'user' : found.user.userPurpose) : null;
      if (!value) return { status: 404, body: { error: { code: 'MailboxNotEnabledForRESTAPI', message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.' } } };
      return { status: 200, body: { '@odata.context': `${fake.url}/v1.0/$metadata#users('${found!.user.id}')/mailboxSettings/userPurpose`, value } };
    }
    const one = /^\/users\/([^/]+)$/.exec(path);
    if (one) {
      const found = users.get(decodeURIComponent(one[1]!));
      return found ? { status: 200, body: pick(found.user, (query.$select ?? '').split(',').filter(Boolean)) } : notFound;
    }
    if (path === '/groups') return { status: 200, body: { value: state.groups.map((g) => ({ id: g.id, displayName: g.displayName })) } };
    const members = /^\/groups\/([^/]+)\/members\/microsoft\.graph\.user$/.exec(path);
    if (members) {
      const group = state.groups.find((g) => g.id === members[1]);
      if (!group) return notFound;
      return { status: 200, body: { value: group.members.map((id) => ({ id })) } };
    }
    return { status: 404, body: { error: { code: 'NotFound' } } };
  }

  /** JSON batching: up to 20 GETs relative to /v1.0, each answered (and throttled) on its own. */
  function batch(req: RecordedRequest, res: Parameters<typeof json>[0]) {
    let requests: { id?: unknown; method?: unknown; url?: unknown }[];
    try {
      requests = (JSON.parse(req.body) as { requests?: typeof requests }).requests ?? [];
    } catch {
      return json(res, 400, { error: { code: 'BadRequest', message: 'Invalid batch payload.' } });
    }
    if (!Array.isArray(requests) || requests.length === 0 || requests.length > 20) {
      return json(res, 400, { error: { code: 'BadRequest', message: 'Invalid batch payload format: the batch must hold 1 to 20 requests.' } });
    }
    const responses = requests.map((r) => {
      const id = String(r.id ?? '');
      if (r.method !== 'GET' || typeof r.url !== 'string' || !r.url.startsWith('/')) return { id, status: 400, body: { error: { code: 'BadRequest' } } };
      if (state.batchThrottle.remaining > 0) {
        state.batchThrottle.remaining--;
        return { id, status: 429, headers: { 'Retry-After': state.batchThrottle.retryAfter }, body: { error: { code: 'TooManyRequests', message: 'Too many requests' } } };
      }
      const url = new URL(r.url, 'http://batch');
      const answer = resource(decodeURIComponent(url.pathname), Object.fromEntries(url.searchParams));
      return { id, status: answer.status, headers: { 'Content-Type': 'application/json' }, body: answer.body };
    });
    // Graph does not promise the order of a batch's responses.
    return json(res, 200, { responses: responses.reverse() });
  }

  function delta(req: RecordedRequest, base: string, res: Parameters<typeof json>[0]) {
    let round: { since: number; until: number; select: string[] };
    let offset = 0;
    if (req.query.$skiptoken) {
      const [id, off] = req.query.$skiptoken.split(':');
      const found = rounds.get(id!);
      if (!found) return json(res, 400, { error: { code: 'BadRequest', message: 'unknown skiptoken' } });
      round = found;
      offset = Number(off);
    } else {
      const select = (req.query.$select ?? '').split(',').filter(Boolean);
      const since = req.query.$deltatoken ? Number(req.query.$deltatoken.split(':')[0]) : 0;
      const deltaSelect = req.query.$deltatoken ? req.query.$deltatoken.split(':')[1]!.split('.') : select;
      round = { since, until: version, select: deltaSelect };
    }
    const roundId = req.query.$skiptoken?.split(':')[0] ?? randomBytes(6).toString('hex');
    rounds.set(roundId, round);
    const changes: Record<string, unknown>[] = [
      ...[...users.values()].filter((u) => u.changed > round.since && u.changed <= round.until).map((u) => pick(u.user, round.select)),
      ...(round.since > 0 ? [...removed].filter(([, v]) => v > round.since && v <= round.until).map(([id]) => ({ id, '@removed': { reason: 'changed' } })) : []),
    ];
    const slice = changes.slice(offset, offset + pageSize);
    const more = offset + pageSize < changes.length;
    return json(res, 200, {
      '@odata.context': `${base}/$metadata#users`,
      value: slice,
      ...(more
        ? { '@odata.nextLink': `${base}/users/delta?$skiptoken=${roundId}:${offset + pageSize}` }
        : { '@odata.deltaLink': `${base}/users/delta?$deltatoken=${round.until}:${round.select.join('.')}` }),
    });
  }

  return {
    ...fake,
    state,
    /** Signs ID tokens verifiable with the keys this fake serves (as the identity platform does). */
    idToken: (input: { tid?: string; email: string; oid?: string; wids?: string[]; issuerTid?: string; clientId?: string }) =>
      idTokens.sign({
        tid: input.tid ?? options.tenantId,
        clientId: input.clientId ?? options.clientId,
        email: input.email,
        ...(input.oid ? { oid: input.oid } : {}),
        ...(input.wids ? { wids: input.wids } : {}),
        ...(input.issuerTid ? { issuerTid: input.issuerTid } : {}),
      }),
    /** An access token for Herald's API, as the Outlook add-in of user `oid` gets it from the identity platform. */
    addinAccessToken: (oid: string) => idTokens.signAccess({ tid: options.tenantId, clientId: options.clientId, oid }),
    env: (): Record<string, string> => ({
      MICROSOFT_LOGIN_URL: fake.url,
      MICROSOFT_GRAPH_URL: `${fake.url}/v1.0`,
      MICROSOFT_CLIENT_ID: options.clientId,
      MICROSOFT_CLIENT_SECRET: options.clientSecret,
      DIRECTORY_RETRY_BASE_MS: '5',
    }),
  };
}

function pick(user: FakeGraphUser, select: string[]): Record<string, unknown> {
  // What Entra holds: every account has accountEnabled and a display name; the mailbox's purpose is
  // not a user property (it is read from mailboxSettings).
  const { userPurpose: _purpose, ...props } = user;
  const entra: Record<string, unknown> = { accountEnabled: true, displayName: [user.givenName, user.surname].filter(Boolean).join(' ') || null, ...props };
  if (select.length === 0) return entra;
  return Object.fromEntries(select.filter((k) => k in entra || k === 'id').map((k) => [k, entra[k] ?? null]));
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
