import { admin_directory_v1 } from 'googleapis/build/src/apis/admin/directory_v1.js';
import { auth as googleAuth } from 'googleapis/build/src/apis/admin/index.js';
import { z } from 'zod';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { Caller } from '../http/caller.js';
import { AppError } from '../core/errors.js';
import { graphClient } from '../microsoft/graph-client.js';
import { verifyMicrosoftIdToken } from '../microsoft/id-token.js';
import { domainSchema } from '../core/schemas/tenant.js';
import { domainOf, isFreeMailDomain, isVerifiedAddress } from './verified-domains.js';
import { claimProof, MAX_DOMAINS, type ClaimResult } from './claim-domains.js';
import { hasTxtRecord, txtRecordFor, type TxtRecord } from './dns-proof.js';

import { domainBody, googleConnectBody, microsoftTokenBody } from './trust-schemas.js';

export { domainBody, googleConnectBody, microsoftTokenBody };


/** One of the tenant's domains; an unverified one comes with the TXT record that would verify it. */
export interface DomainView {
  domain: string;
  verified: boolean;
  txtRecord: TxtRecord | null;
}

/** GET /api/tenant/domains: the domains, and the Google customer / Entra tenant bound by a proof. */
export interface TenantDomains {
  domains: DomainView[];
  googleCustomerId: string | null;
  entraTenantId: string | null;
}

/** GET /api/tenant/microsoft/consent. */
export interface MicrosoftConsent {
  clientId: string;
  adminConsentUrl: string;
}

/** The tenant's domains, which are proven, and for the others the TXT record that would prove them. */
export async function listDomains(deps: Deps, tenantId: string): Promise<TenantDomains> {
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  if (!tenant) throw new AppError('not_found', 'your tenant does not exist in this region');
  const verified = new Set(tenant.verifiedDomains ?? []);
  return {
    domains: tenant.domains.map((domain) => ({ domain, verified: verified.has(domain), txtRecord: verified.has(domain) ? null : txtRecordFor(deps, tenantId, domain) })),
    googleCustomerId: tenant.googleCustomerId ?? null,
    entraTenantId: tenant.entraTenantId ?? null,
  };
}

/** Adds a domain to prove (unverified until its TXT record is found); answers the record to publish. */
export async function addDomain(deps: Deps, tenantId: string, domain: string): Promise<DomainView> {
  if (isFreeMailDomain(domain)) throw new AppError('invalid_argument', `body.domain: ${domain} is a free-mail provider's domain; a company proves a domain of its own`);
  const ref = doc(deps.db, 'tenants', { tenantId });
  await deps.db.runTransaction(async (tx) => {
    const tenant = (await tx.get(ref)).data();
    if (!tenant) throw new AppError('not_found', 'your tenant does not exist in this region');
    if (tenant.domains.includes(domain)) return;
    if (tenant.domains.length >= MAX_DOMAINS) throw new AppError('failed_precondition', `body.domain: a tenant has at most ${MAX_DOMAINS} domains`);
    tx.update(ref, { domains: [...tenant.domains, domain], updatedAt: deps.now() });
  });
  return { domain, verified: false, txtRecord: txtRecordFor(deps, tenantId, domain) };
}

/** DNS proof: the domain publishes this tenant's TXT record. */
export async function verifyDomainByDns(deps: Deps, tenantId: string, domain: string): Promise<ClaimResult> {
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  if (!tenant?.domains.includes(domain)) throw new AppError('not_found', `body.domain: add ${domain} first (POST /api/tenant/domains)`);
  const record = txtRecordFor(deps, tenantId, domain);
  if (!(await hasTxtRecord(deps, domain, record.value))) {
    throw new AppError('failed_precondition', `body.domain: no TXT record "${record.value}" found on ${domain} yet; publish it and try again (DNS changes can take an hour)`);
  }
  const result = await claimProof(deps, tenantId, { method: 'dns_txt', domains: [domain] }, { strict: true });
  return result;
}

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

/**
 * Microsoft proof, after the admin consented to Herald's app for their organisation: the admin's
 * own ID token names the Entra tenant (`tid`, checked against its issuer); Herald's app then reads
 * that tenant's `organization.verifiedDomains` with client credentials (which only works after the
 * consent). The token's address must be the caller's own and on one of those domains.
 */
export async function connectMicrosoft(deps: Deps, tenantId: string, caller: Caller, idToken: string): Promise<ClaimResult> {
  const identity = await verifyMicrosoftIdToken(deps, idToken);
  if (!identity.email || identity.email !== caller.email) throw new AppError('permission_denied', 'body.idToken: it was issued to another address than your Herald sign-in');
  const org = await organizationOf(deps, identity.tenantId);
  if (!org.domains.includes(domainOf(identity.email)!)) throw new AppError('permission_denied', "body.idToken: your address is not on one of your organisation's verified domains");
  const result = await claimProof(deps, tenantId, { method: 'microsoft_consent', domains: org.domains, entraTenantId: identity.tenantId }, { strict: false });
  // The identity platform vouched for this address within a bound tenant: Firebase may now trust it.
  if (!caller.emailVerified && result.verifiedDomains.includes(domainOf(identity.email)!)) await deps.auth.updateUser(caller.uid, { emailVerified: true });
  return result;
}

/**
 * A Microsoft sign-in's address, vouched for: Firebase marks Microsoft sign-ins on company domains
 * unverified. An ID token from the Entra tenant bound to the Herald tenant that verified the
 * address's domain proves it; the Firebase account is then marked verified (a later change of its
 * email clears that again, as Firebase does).
 */
export async function proveMicrosoftEmail(deps: Deps, caller: Caller, idToken: string): Promise<{ email: string; emailVerified: true; tenantId: string }> {
  if (!caller.email) throw new AppError('failed_precondition', 'your account has no email address');
  const identity = await verifyMicrosoftIdToken(deps, idToken);
  if (identity.email !== caller.email) throw new AppError('permission_denied', 'body.idToken: it was issued to another address than your Herald sign-in');
  const bound = await col(deps.db, 'tenants', {}).where('entraTenantId', '==', identity.tenantId).limit(1).get();
  const tenant = bound.docs[0];
  if (!tenant || tenant.data().status !== 'active') throw new AppError('not_found', 'no Herald tenant in this region is connected to your Microsoft organisation');
  if (!isVerifiedAddress(tenant.data(), identity.email)) throw new AppError('permission_denied', `${domainOf(identity.email)} is not a verified domain of your organisation's Herald tenant`);
  if (caller.tenantId && caller.tenantId !== tenant.id) throw new AppError('permission_denied', 'your account belongs to another tenant');
  if (!caller.emailVerified) await deps.auth.updateUser(caller.uid, { emailVerified: true });
  return { email: identity.email, emailVerified: true, tenantId: tenant.id };
}

/** The Entra tenant's id and verified domains, read as Herald's app in that tenant. */
async function organizationOf(deps: Deps, entraTenantId: string): Promise<{ domains: string[] }> {
  let org: { value: { id?: string; verifiedDomains?: { name?: string }[] }[] };
  try {
    org = await graphClient(deps, entraTenantId).get('/organization?$select=id,verifiedDomains');
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('failed_precondition', "Herald's app has no access to your organisation yet: an admin must grant the admin consent first");
  }
  const only = org.value.length === 1 ? org.value[0]! : null;
  if (only?.id?.toLowerCase() !== entraTenantId) throw new AppError('unavailable', 'Microsoft Graph answered for another organisation; try again');
  return { domains: (only.verifiedDomains ?? []).map((d) => d.name?.toLowerCase()).filter((d): d is string => !!d) };
}

/** The admin-consent URL of Herald's app (the console adds its own redirect_uri and state). */
export function microsoftConsent(deps: Deps): MicrosoftConsent {
  const clientId = deps.config.microsoft?.clientId;
  if (!clientId) throw new AppError('failed_precondition', 'Microsoft 365 is not configured on this deployment');
  const url = new URL('https://login.microsoftonline.com/organizations/v2.0/adminconsent');
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('scope', 'https://graph.microsoft.com/.default');
  return { clientId, adminConsentUrl: url.toString() };
}
