import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { microsoftDirectoryUser } from '../directory/microsoft-user.js';
import type { Caller } from '../http/caller.js';
import { canReadOrganization, GraphError, graphClient } from '../microsoft/graph-client.js';
import { ENTRA_ADMIN_ROLES, verifyMicrosoftIdToken } from '../microsoft/id-token.js';
import { claimProof, type ClaimResult } from './claim-domains.js';
import { signConsentState, verifyConsentState, CONSENT_STATE_TTL_S } from './consent-state.js';
import type { MicrosoftConsentCallback } from './trust-schemas.js';
import { domainOf, isVerifiedAddress, tenantsListing, verifiedDomainsOf } from './verified-domains.js';

/** GET /api/tenant/microsoft/consent. */
export interface MicrosoftConsent {
  clientId: string;
  /** Microsoft's admin-consent URL for the organisation owning `domain`, with Herald's signed `state` (the console adds its redirect_uri). */
  adminConsentUrl: string;
  /** The organisation's domain the link is for. */
  domain: string;
  /** When the link's `state` stops being accepted (ISO 8601). */
  expiresAt: string;
}

const ADMIN_ROLE_NAMES = Object.values(ENTRA_ADMIN_ROLES).join(' or ');

/**
 * Step 1 of the admin-consent proof. The link names the organisation by one of the tenant's
 * domains, and is issued only while Herald's app cannot read that organisation: Microsoft's
 * redirect back is not signed, so the only thing it can prove is a consent that happened during
 * the round trip, which only an administrator of that organisation can give. An organisation
 * that consented already proves an administrator with an ID token instead (connectMicrosoft).
 */
export async function microsoftConsent(deps: Deps, tenantId: string, caller: Caller, requested: string | undefined): Promise<MicrosoftConsent> {
  const clientId = deps.config.microsoft?.clientId;
  if (!clientId) throw new AppError('failed_precondition', 'Microsoft 365 is not configured on this deployment');
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  if (!tenant) throw new AppError('not_found', 'your tenant does not exist in this region');
  // By default the first domain still to prove (else the first listed): the organisation to consent in.
  const pending = tenant.domains.filter((d) => !verifiedDomainsOf(tenant).includes(d));
  const domain = (requested ?? pending.at(0) ?? tenant.domains.at(0) ?? '').toLowerCase();
  if (!tenant.domains.includes(domain)) throw new AppError('invalid_argument', `query.domain: ${domain || 'no domain'} is not one of this tenant's domains; add it first`);
  await requireSoleClaimant(deps, tenantId, domain);
  if (await canReadOrganization(deps, domain)) {
    throw new AppError(
      'failed_precondition',
      `Herald's app is already consented in the Microsoft 365 organisation of ${domain}: connect with the sign-in of a ${ADMIN_ROLE_NAMES} instead`,
    );
  }
  const now = deps.now();
  const state = await signConsentState(deps.config, { tenantId, uid: caller.uid, domain }, now);
  // The configured identity platform: login.microsoftonline.com in production, the demo's stand-in in `npm start`.
  const url = new URL(`${deps.config.externalEndpoints.microsoftLogin}/${encodeURIComponent(domain)}/v2.0/adminconsent`);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('scope', 'https://graph.microsoft.com/.default');
  url.searchParams.set('state', state);
  return { clientId, adminConsentUrl: url.toString(), domain, expiresAt: new Date(now.getTime() + CONSENT_STATE_TTL_S * 1000).toISOString() };
}

/**
 * Step 2: the query Microsoft redirected the admin's browser back with, forwarded by the console
 * under the owner's own session (an owner route, not a public callback: a consent link phished to
 * another company's admin brings that admin back to a browser without this owner's session). The
 * state must be Herald's, unexpired, for this tenant and this owner; Microsoft must report the
 * consent; and Herald's app must now read the organisation it could not read when the link was
 * issued, which must own the link's domain. Then its tenant id and verified domains are bound.
 */
export async function completeMicrosoftConsent(deps: Deps, tenantId: string, caller: Caller, callback: MicrosoftConsentCallback): Promise<ClaimResult> {
  const state = await verifyConsentState(deps.config, callback.state, { tenantId, uid: caller.uid }, deps.now());
  await requireSoleClaimant(deps, tenantId, state.domain);
  if (callback.error) throw new AppError('failed_precondition', `Microsoft did not grant the consent (${callback.error}); an administrator of your organisation must accept it`);
  if (callback.admin_consent?.toLowerCase() !== 'true') throw new AppError('failed_precondition', 'body.admin_consent: Microsoft did not report an admin consent; an administrator of your organisation must accept it');
  if (!callback.tenant) throw new AppError('invalid_argument', "body.tenant: Microsoft's answer names no organisation");
  const entraTenantId = callback.tenant.toLowerCase();
  const org = await organizationOf(deps, entraTenantId);
  if (!org.domains.includes(state.domain)) {
    throw new AppError('permission_denied', `body.tenant: the organisation that consented does not own ${state.domain}, the domain the consent link was issued for`);
  }
  return claimProof(deps, tenantId, { method: 'microsoft_consent', domains: org.domains, entraTenantId }, { strict: false });
}

/**
 * The other proof: the ID token of a Global Administrator or Privileged Role Administrator (its
 * `wids`) names the Entra tenant (`tid`, checked against its issuer). Herald's app then reads that
 * tenant's verified domains and the signer's own directory entry by object id, with client
 * credentials (which only works after consent); that entry's address must be on those domains and
 * be the caller's Herald sign-in. An ordinary employee's token binds nothing.
 */
export async function connectMicrosoft(deps: Deps, tenantId: string, caller: Caller, idToken: string): Promise<ClaimResult> {
  const identity = await verifyMicrosoftIdToken(deps, idToken);
  if (!identity.isOrganisationAdmin) {
    throw new AppError('permission_denied', `body.idToken: this Microsoft account is not a ${ADMIN_ROLE_NAMES} of its organisation; ask one to connect Microsoft 365, or use the admin-consent link`);
  }
  const org = await organizationOf(deps, identity.tenantId);
  const address = await directoryAddressOf(deps, identity.tenantId, identity.objectId);
  if (!address || !org.domains.includes(domainOf(address)!)) throw new AppError('permission_denied', "body.idToken: the administrator's address is not on one of your organisation's verified domains");
  if (address !== caller.email) throw new AppError('permission_denied', 'body.idToken: it was issued to another person than your Herald sign-in');
  const result = await claimProof(deps, tenantId, { method: 'microsoft_admin', domains: org.domains, entraTenantId: identity.tenantId }, { strict: false });
  // Microsoft's directory vouched for this address within a bound tenant: Firebase may now trust it.
  if (!caller.emailVerified && result.verifiedDomains.includes(domainOf(address)!)) await deps.auth.updateUser(caller.uid, { emailVerified: true });
  return result;
}

/**
 * A Microsoft sign-in's address, vouched for: Firebase marks Microsoft sign-ins on company domains
 * unverified. An ID token of the Entra tenant bound to a Herald tenant names a person by object
 * id; their record synced from Graph gives the address, which must be the caller's and on a
 * verified domain. The Firebase account is then marked verified (a later change of its email
 * clears that again, as Firebase does).
 */
export async function proveMicrosoftEmail(deps: Deps, caller: Caller, idToken: string): Promise<{ email: string; emailVerified: true; tenantId: string }> {
  if (!caller.email) throw new AppError('failed_precondition', 'your account has no email address');
  const identity = await verifyMicrosoftIdToken(deps, idToken);
  const bound = await col(deps.db, 'tenants', {}).where('entraTenantId', '==', identity.tenantId).limit(1).get();
  const tenant = bound.docs[0];
  if (!tenant || tenant.data().status !== 'active') throw new AppError('not_found', 'no Herald tenant in this region is connected to your Microsoft organisation');
  const record = await microsoftDirectoryUser(deps, tenant.id, identity.objectId);
  if (!record) throw new AppError('not_found', "your Microsoft 365 account has no record in your organisation's directory on Herald yet; ask an admin to sync it");
  const email = record.user.email;
  if (!isVerifiedAddress(tenant.data(), email)) throw new AppError('permission_denied', `${domainOf(email)} is not a verified domain of your organisation's Herald tenant`);
  if (email !== caller.email.toLowerCase()) throw new AppError('permission_denied', 'body.idToken: it was issued to another person than your Herald sign-in');
  if (caller.tenantId && caller.tenantId !== tenant.id) throw new AppError('permission_denied', 'your account belongs to another tenant');
  if (!caller.emailVerified) await deps.auth.updateUser(caller.uid, { emailVerified: true });
  return { email, emailVerified: true, tenantId: tenant.id };
}

/**
 * The consent round trip proves that some administrator consented, not for whom: while another
 * Herald tenant also lists the domain (verified or not), two owners could be waiting for the same
 * consent, so the link is refused (and so is its completion) and an administrator's sign-in is
 * the way. Listing a domain grants nothing here; it can only make the proof stricter.
 */
async function requireSoleClaimant(deps: Deps, tenantId: string, domain: string): Promise<void> {
  const listing = await tenantsListing(deps.db, domain).limit(2).get();
  if (listing.docs.some((d) => d.id !== tenantId)) {
    throw new AppError('failed_precondition', `another Herald tenant also lists ${domain}: connect Microsoft 365 with the sign-in of a ${ADMIN_ROLE_NAMES} instead`);
  }
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

/** A user's address in their organisation's directory (mail, else sign-in name), by object id, read as Herald's app. */
async function directoryAddressOf(deps: Deps, entraTenantId: string, objectId: string): Promise<string | null> {
  let user: { id?: string; mail?: string | null; userPrincipalName?: string | null };
  try {
    user = await graphClient(deps, entraTenantId).get(`/users/${encodeURIComponent(objectId)}?$select=id,mail,userPrincipalName`);
  } catch (err) {
    if (err instanceof GraphError && err.status === 404) throw new AppError('permission_denied', "body.idToken: the signer is not a user of your organisation's directory");
    if (err instanceof AppError) throw err;
    throw new AppError('unavailable', "Microsoft Graph could not read the administrator's directory entry; try again in a minute");
  }
  if (user.id?.toLowerCase() !== objectId) return null;
  const address = (user.mail || user.userPrincipalName || '').trim().toLowerCase();
  return address.includes('@') ? address : null;
}
