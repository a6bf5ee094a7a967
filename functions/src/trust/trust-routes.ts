import { route, type RouteDef } from '../http/route.js';
import { domainBody, googleConnectBody, microsoftConsentCallbackBody, microsoftConsentQuery, microsoftTokenBody } from './trust-schemas.js';

/** The proofs load googleapis and msal-node: only when a proof runs, not with the API's cold start. */
const domainProof = () => import('./domain-proof.js');
const googleProof = () => import('./google-proof.js');
const microsoftProof = () => import('./microsoft-proof.js');

/**
 * Tenant trust (issue 11): how a customer proves what it owns. Joined into the route table in
 * api/route-table.ts. Proofs bind domains, the Google customer and the Entra tenant: owners only.
 */
export const trustRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/tenant/domains',
    access: 'admin',
    summary: "The tenant's domains, which are verified, the TXT record that would verify each other one, and the bound Google customer / Entra tenant",
    handler: async ({ deps, tenantId }) => (await domainProof()).listDomains(deps, tenantId),
  }),
  route({
    method: 'post',
    path: '/tenant/domains',
    access: 'owner',
    summary: 'Add a domain to verify (free-mail domains refused); answers the DNS TXT record to publish on it',
    body: domainBody,
    status: 201,
    example: { body: { domain: 'new-brand.example' } },
    audit: { action: 'tenant.domain_add', target: ({ body }) => ({ type: 'domain', id: body.domain }) },
    handler: async ({ deps, tenantId }, { body }) => (await domainProof()).addDomain(deps, tenantId, body.domain),
  }),
  route({
    method: 'post',
    path: '/tenant/domains/verify',
    access: 'owner',
    summary: "Verify a domain by its DNS TXT record; refused while another tenant (this region or the other) holds it",
    body: domainBody,
    audit: { action: 'tenant.prove_dns_txt', target: ({ body }) => ({ type: 'domain', id: body.domain }) },
    handler: async ({ deps, tenantId }, { body }) => (await domainProof()).verifyDomainByDns(deps, tenantId, body.domain),
  }),
  route({
    method: 'post',
    path: '/tenant/google/connect',
    access: 'owner',
    summary: "Connect Google Workspace with a super admin's own OAuth access token: binds the customer id and the domains Google verified",
    body: googleConnectBody,
    audit: { action: 'tenant.prove_google_admin', target: (_i, r) => ({ type: 'google_customer', id: String((r as { googleCustomerId: string | null }).googleCustomerId) }) },
    handler: async ({ deps, tenantId, caller }, { body }) => (await googleProof()).connectGoogle(deps, tenantId, caller, body.accessToken),
  }),
  route({
    method: 'get',
    path: '/tenant/microsoft/consent',
    access: 'owner',
    summary: "Microsoft's admin-consent URL for the organisation of one of the tenant's domains, with a signed state valid 15 minutes (add your redirect_uri); refused once Herald's app is consented there",
    query: microsoftConsentQuery,
    handler: async ({ deps, tenantId, caller }, { query }) => (await microsoftProof()).microsoftConsent(deps, tenantId, caller, query.domain),
  }),
  route({
    method: 'post',
    path: '/tenant/microsoft/consent/complete',
    access: 'owner',
    summary: "Finish the admin consent: the query Microsoft redirected back with (admin_consent, tenant, state), forwarded by the owner who started it: binds the Entra tenant and its verified domains",
    body: microsoftConsentCallbackBody,
    audit: { action: 'tenant.prove_microsoft_consent', target: (_i, r) => ({ type: 'entra_tenant', id: String((r as { entraTenantId: string | null }).entraTenantId) }) },
    handler: async ({ deps, tenantId, caller }, { body }) => (await microsoftProof()).completeMicrosoftConsent(deps, tenantId, caller, body),
  }),
  route({
    method: 'post',
    path: '/tenant/microsoft/connect',
    access: 'owner',
    summary: "Connect Microsoft 365 with the ID token of a Global Administrator or Privileged Role Administrator (its wids) who is the caller: binds its Entra tenant (tid) and the organisation's verified domains",
    body: microsoftTokenBody,
    audit: { action: 'tenant.prove_microsoft_admin', target: (_i, r) => ({ type: 'entra_tenant', id: String((r as { entraTenantId: string | null }).entraTenantId) }) },
    handler: async ({ deps, tenantId, caller }, { body }) => (await microsoftProof()).connectMicrosoft(deps, tenantId, caller, body.idToken),
  }),
  route({
    method: 'post',
    path: '/me/microsoft-proof',
    access: 'signed_in',
    summary: "A Microsoft sign-in's address vouched for: an ID token of the Entra tenant bound to a Herald tenant names the person by object id, whose directory record synced from Graph must hold the caller's address on a verified domain: marks it verified (then refresh the ID token)",
    body: microsoftTokenBody,
    handler: async ({ deps, caller }, { body }) => (await microsoftProof()).proveMicrosoftEmail(deps, caller!, body.idToken),
  }),
];
