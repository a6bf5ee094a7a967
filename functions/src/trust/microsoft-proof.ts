import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Caller } from '../http/caller.js';
import { graphClient } from '../microsoft/graph-client.js';
import { verifyMicrosoftIdToken } from '../microsoft/id-token.js';
import { claimProof, type ClaimResult } from './claim-domains.js';
import { domainOf, isVerifiedAddress } from './verified-domains.js';

/** GET /api/tenant/microsoft/consent. */
export interface MicrosoftConsent {
  clientId: string;
  adminConsentUrl: string;
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
