import { admin_directory_v1 } from 'googleapis/build/src/apis/admin/directory_v1.js';
import { auth as googleAuth } from 'googleapis/build/src/apis/admin/index.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Caller } from '../http/caller.js';
import { claimProof, type ClaimResult } from './claim-domains.js';
import { domainOf } from './verified-domains.js';
import { notConfigured } from '../core/not-configured.js';

/**
 * Google proof: a Workspace super admin's own OAuth access token (their sign-in in the console,
 * scopes `email`, admin.directory.customer.readonly, admin.directory.domain.readonly and
 * admin.directory.user.readonly), issued to Herald's OAuth client (tokeninfo `aud`/`azp`). The
 * token must be the caller's own: tokeninfo's verified `email` is the caller's verified Herald
 * address. As that admin, Admin SDK customers.get(my_customer) names the customer, domains.list
 * its domains Google verified, and users.get(that address) must answer `isAdmin` (super admin) in
 * that customer; the caller's address must be on one of the domains. Binds the customer id and
 * those domains.
 */
export async function connectGoogle(deps: Deps, tenantId: string, caller: Caller, accessToken: string): Promise<ClaimResult> {
  const audience = deps.config.googleOAuthClientId;
  if (!audience) throw notConfigured('Connecting Google Workspace');
  const client = new googleAuth.OAuth2({ endpoints: { tokenInfoUrl: deps.config.externalEndpoints.googleTokenInfoUrl } });
  // Only a token issued to Herald's own console: a token another app obtained from the admin
  // (same scopes) must not be replayed here to bind that admin's customer.
  let issuedTo: { aud?: string; azp?: string; email?: string; email_verified?: boolean | string };
  try {
    issuedTo = await client.getTokenInfo(accessToken);
  } catch (err) {
    const status = (err as { response?: { status?: number }; status?: number }).response?.status ?? (err as { status?: number }).status;
    if (status && status < 500) throw new AppError('permission_denied', 'body.accessToken: Google does not know this token (expired or revoked?)');
    throw new AppError('unavailable', 'Google could not be reached; try again in a minute');
  }
  if (issuedTo.aud !== audience && issuedTo.azp !== audience) throw new AppError('permission_denied', 'body.accessToken: it was issued to another application than Herald');
  const signer = ownSigner(caller, issuedTo);
  client.setCredentials({ access_token: accessToken });
  const api = new admin_directory_v1.Admin({ auth: client, rootUrl: deps.config.externalEndpoints.googleApiRoot, retry: false });
  let customerId: string;
  let domains: string[];
  let user: admin_directory_v1.Schema$User;
  try {
    const customer = await api.customers.get({ customerKey: 'my_customer' });
    customerId = customer.data.id ?? '';
    const listed = await api.domains.list({ customer: 'my_customer' });
    domains = (listed.data.domains ?? []).filter((d) => d.verified && d.domainName).map((d) => d.domainName!.toLowerCase());
    user = (await api.users.get({ userKey: signer, fields: 'primaryEmail,isAdmin,customerId,suspended' })).data;
  } catch (err) {
    const status = (err as { response?: { status?: number }; status?: number }).response?.status ?? (err as { status?: number }).status;
    // 404: users.get does not find the signer in the customer their token administers.
    if (status === 401 || status === 403 || status === 404) throw new AppError('permission_denied', "body.accessToken: Google did not accept it as a Workspace super admin's token");
    throw new AppError('unavailable', 'Google could not be reached; try again in a minute');
  }
  if (!/^C[0-9a-z]{5,20}$/i.test(customerId)) throw new AppError('unavailable', 'Google answered without a customer id; try again');
  // Only a super admin of this very customer proves it: a delegated admin may list its domains too.
  if (user.isAdmin !== true || user.suspended === true || user.customerId !== customerId || user.primaryEmail?.toLowerCase() !== signer) {
    throw new AppError('permission_denied', 'body.accessToken: your Google account is not a super admin of this Google Workspace; ask a super admin to connect it');
  }
  const mine = domainOf(caller.email);
  if (!caller.emailVerified || !mine || !domains.includes(mine)) {
    throw new AppError('permission_denied', "body.accessToken: sign in to Herald with an address on one of this Workspace's domains");
  }
  const result = await claimProof(deps, tenantId, { method: 'google_admin', domains, googleCustomerId: customerId }, { strict: false });
  return result;
}

/**
 * The address the token was issued for, when it is the caller's own: Google's tokeninfo `email`,
 * verified by Google, equal to the caller's verified Herald address. Anyone else's token, however
 * obtained, proves nothing for this caller.
 */
function ownSigner(caller: Caller, info: { email?: string; email_verified?: boolean | string }): string {
  if (!caller.email || !caller.emailVerified) throw new AppError('permission_denied', "verify the address you sign in to Herald with first: the Google token must be that account's own");
  const mine = caller.email;
  const email = info.email?.trim().toLowerCase();
  // Google's tokeninfo sends email_verified as a string ("true"); the client library types it a boolean.
  if (!email || String(info.email_verified) !== 'true') {
    throw new AppError('permission_denied', "body.accessToken: it does not say which Google account it belongs to; sign in with Google again and allow Herald to see your email address");
  }
  if (email !== mine) throw new AppError('permission_denied', `body.accessToken: it belongs to another Google account; sign in to Google as ${mine}, the address you use on Herald`);
  return email;
}
