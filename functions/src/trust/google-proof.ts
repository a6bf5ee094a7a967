import { admin_directory_v1 } from 'googleapis/build/src/apis/admin/directory_v1.js';
import { auth as googleAuth } from 'googleapis/build/src/apis/admin/index.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Caller } from '../http/caller.js';
import { claimProof, type ClaimResult } from './claim-domains.js';
import { domainOf } from './verified-domains.js';

/**
 * Google proof: the Workspace super admin's own OAuth access token (their sign-in in the console,
 * scope admin.directory.customer.readonly + admin.directory.domain.readonly), issued to Herald's
 * OAuth client (tokeninfo `aud`/`azp`). As that admin, Admin
 * SDK customers.get(my_customer) names the customer and domains.list its domains Google verified;
 * the caller's own address must be on one of them. Binds the customer id and those domains.
 */
export async function connectGoogle(deps: Deps, tenantId: string, caller: Caller, accessToken: string): Promise<ClaimResult> {
  const audience = deps.config.googleOAuthClientId;
  if (!audience) throw new AppError('failed_precondition', 'connecting Google Workspace is not configured on this deployment (GOOGLE_OAUTH_CLIENT_ID)');
  const client = new googleAuth.OAuth2({ endpoints: { tokenInfoUrl: deps.config.externalEndpoints.googleTokenInfoUrl } });
  // Only a token issued to Herald's own console: a token another app obtained from the admin
  // (same scopes) must not be replayed here to bind that admin's customer.
  let issuedTo: { aud?: string; azp?: string };
  try {
    issuedTo = await client.getTokenInfo(accessToken);
  } catch (err) {
    const status = (err as { response?: { status?: number }; status?: number }).response?.status ?? (err as { status?: number }).status;
    if (status && status < 500) throw new AppError('permission_denied', 'body.accessToken: Google does not know this token (expired or revoked?)');
    throw new AppError('unavailable', 'Google could not be reached; try again in a minute');
  }
  if (issuedTo.aud !== audience && issuedTo.azp !== audience) throw new AppError('permission_denied', 'body.accessToken: it was issued to another application than Herald');
  client.setCredentials({ access_token: accessToken });
  const api = new admin_directory_v1.Admin({ auth: client, rootUrl: deps.config.externalEndpoints.googleApiRoot, retry: false });
  let customerId: string;
  let domains: string[];
  try {
    const customer = await api.customers.get({ customerKey: 'my_customer' });
    customerId = customer.data.id ?? '';
    const listed = await api.domains.list({ customer: 'my_customer' });
    domains = (listed.data.domains ?? []).filter((d) => d.verified && d.domainName).map((d) => d.domainName!.toLowerCase());
  } catch (err) {
    const status = (err as { response?: { status?: number }; status?: number }).response?.status ?? (err as { status?: number }).status;
    if (status === 401 || status === 403) throw new AppError('permission_denied', "body.accessToken: Google did not accept it as a Workspace super admin's token");
    throw new AppError('unavailable', 'Google could not be reached; try again in a minute');
  }
  if (!/^C[0-9a-z]{5,20}$/i.test(customerId)) throw new AppError('unavailable', 'Google answered without a customer id; try again');
  const mine = domainOf(caller.email);
  if (!caller.emailVerified || !mine || !domains.includes(mine)) {
    throw new AppError('permission_denied', "body.accessToken: sign in to Herald with an address on one of this Workspace's domains");
  }
  const result = await claimProof(deps, tenantId, { method: 'google_admin', domains, googleCustomerId: customerId }, { strict: false });
  return result;
}
