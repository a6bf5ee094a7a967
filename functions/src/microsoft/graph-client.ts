import { ConfidentialClientApplication, ServerError } from '@azure/msal-node';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { JOB_MAX_WAIT_MS, retryAfterMs, withBackoff } from '../platform/with-backoff.js';

const AUTHORITY_HOST = 'login.microsoftonline.com';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/**
 * Microsoft Graph as Herald's multi-tenant app in one customer tenant (client credentials, after
 * the customer's admin consent). The authority and cloud discovery metadata are given up front so
 * the only call to the identity platform is the token request itself, at the configured login
 * host (tests point it at a local fake; the authority itself stays https).
 */
export function graphClient(deps: Deps, msTenantId: string) {
  const credentials = deps.config.microsoft;
  if (!credentials) throw new AppError('failed_precondition', 'Microsoft sync is not configured on this deployment (no client id and secret)');
  const login = deps.config.externalEndpoints.microsoftLogin.replace(/\/$/, '');
  const authority = `https://${AUTHORITY_HOST}/${msTenantId}`;
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      authority,
      authorityMetadata: JSON.stringify({
        token_endpoint: `${login}/${msTenantId}/oauth2/v2.0/token`,
        authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
        issuer: `https://${AUTHORITY_HOST}/${msTenantId}/v2.0`,
        jwks_uri: `https://${AUTHORITY_HOST}/${msTenantId}/discovery/v2.0/keys`,
      }),
      cloudDiscoveryMetadata: JSON.stringify({
        tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: AUTHORITY_HOST, preferred_cache: 'login.windows.net', aliases: [AUTHORITY_HOST, 'login.windows.net', 'login.microsoft.com'] }],
      }),
    },
  });
  const graph = deps.config.externalEndpoints.microsoftGraph.replace(/\/$/, '');

  async function token(): Promise<string> {
    // msal caches the token until shortly before it expires.
    const result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    if (!result?.accessToken) throw new AppError('unavailable', 'Microsoft sign-in returned no access token');
    return result.accessToken;
  }

  const retrying = {
    classify: (err: unknown) => (err instanceof GraphError && (err.status === 429 || err.status >= 500) ? { retry: true as const, afterMs: retryAfterMs(err.retryAfter) } : { retry: false as const }),
    baseMs: deps.config.directoryRetryBaseMs,
    maxMs: JOB_MAX_WAIT_MS,
    jitter: true,
    attempts: 6,
    onRetry: (attempt: number, waitMs: number) => deps.log.warn('microsoft graph: backing off', { attempt, waitMs }),
  };

  async function send(url: string, init: { method?: string; body?: string } = {}): Promise<Response> {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${await token()}`, accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
      ...(init.body ? { body: init.body } : {}),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new GraphError(res.status, res.headers.get('retry-after'));
    }
    return res;
  }

  return {
    /** Absolute URLs (nextLink, deltaLink) are fetched as given; relative paths go under the Graph root. */
    async get<T>(pathOrUrl: string): Promise<T> {
      const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${graph}${pathOrUrl}`;
      return withBackoff(async () => (await (await send(url)).json()) as T, retrying);
    },

    /**
     * Many GETs (paths relative to the Graph root) through JSON batching: 20 to a `POST /$batch`,
     * Graph's limit. Graph throttles each request of a batch on its own, so a 429 or 5xx inside a
     * batch is retried (only those requests, honouring their Retry-After) by the same backoff as a
     * plain call; any other status is an answer, returned as is. Results are in the order asked.
     */
    async batchGet<T>(paths: readonly string[]): Promise<BatchAnswer<T>[]> {
      const answers: BatchAnswer<T>[] = new Array(paths.length);
      for (let start = 0; start < paths.length; start += GRAPH_BATCH_LIMIT) {
        let pending = paths.slice(start, start + GRAPH_BATCH_LIMIT).map((path, i) => ({ id: String(start + i), path }));
        await withBackoff(async () => {
          const res = await send(`${graph}/$batch`, { method: 'POST', body: JSON.stringify({ requests: pending.map((p) => ({ id: p.id, method: 'GET', url: p.path })) }) });
          const { responses } = (await res.json()) as { responses?: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[] };
          const again: typeof pending = [];
          let retryAfter: string | null = null;
          let status429 = false;
          let status5xx = 0;
          for (const p of pending) {
            const r = responses?.find((x) => x.id === p.id);
            const status = r?.status ?? 500;
            if (status === 429 || status >= 500) {
              again.push(p);
              if (status === 429) status429 = true;
              else status5xx = Math.max(status5xx, status);
              const after = Object.entries(r?.headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
              if (after && (!retryAfter || Number(after) > Number(retryAfter))) retryAfter = after;
            } else answers[Number(p.id)] = { status, body: status < 300 ? (r?.body as T) : null };
          }
          pending = again;
          if (again.length) throw new GraphError(status429 ? 429 : status5xx, retryAfter);
        }, retrying);
      }
      return answers;
    },
  };
}

/** Graph's JSON batching takes at most 20 requests in one `POST /$batch`. */
export const GRAPH_BATCH_LIMIT = 20;

/** One request's answer inside a batch: its status, and its body when it succeeded. */
export interface BatchAnswer<T> {
  status: number;
  body: T | null;
}

/** A Graph error status; the body is dropped because it may echo request details. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter: string | null,
  ) {
    super(`Microsoft Graph answered ${status}`);
    this.name = 'GraphError';
  }
}

/** What the identity platform answers when Herald's app has no footing in a tenant (not consented, unknown tenant, unknown app there). */
const NO_ACCESS_CODES = new Set(['invalid_client', 'unauthorized_client', 'invalid_request', 'invalid_tenant']);

/**
 * Whether Herald's app can read this organisation (a tenant id or one of its domains) right now,
 * which only an admin's consent grants: false when the identity platform refuses the app a token
 * there or Graph refuses the read; an error (never false) when either could not answer, so a
 * caller relying on "not yet consented" fails closed.
 */
export async function canReadOrganization(deps: Deps, msTenant: string): Promise<boolean> {
  try {
    await graphClient(deps, msTenant).get('/organization?$select=id');
    return true;
  } catch (err) {
    if (err instanceof ServerError && NO_ACCESS_CODES.has(err.errorCode)) return false;
    if (err instanceof GraphError && (err.status === 401 || err.status === 403)) return false;
    if (err instanceof AppError) throw err;
    throw new AppError('unavailable', 'Microsoft could not tell whether Herald has access to your organisation; try again in a minute');
  }
}
