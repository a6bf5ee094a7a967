import { createRequire } from 'node:module';
import type { Firestore } from 'firebase-admin/firestore';
import { col } from '../core/catalog.js';
import type { TenantDoc } from '../core/schemas/tenant.js';

/** The list (~4,800 domains) is read on first use: only onboarding and domain proofs need it, not every cold start. */
let freeMail: Set<string> | undefined;
const freeMailDomains = () => (freeMail ??= new Set<string>(createRequire(import.meta.url)('free-email-domains') as string[]));

/** The domain of an address, lower case; null for anything that is not one address. */
export function domainOf(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  return email.slice(at + 1).trim().toLowerCase();
}

/** A free-mail provider's domain (gmail.com, outlook.com…): nobody can prove to own it for a company. */
export function isFreeMailDomain(domain: string): boolean {
  return freeMailDomains().has(domain.toLowerCase());
}

/**
 * The domains the tenant proved it owns (DNS TXT, the Google admin's own sign-in, Microsoft admin
 * consent). A tenant stored before proofs existed has none: it must prove its domains again.
 */
export function verifiedDomainsOf(tenant: Pick<TenantDoc, 'verifiedDomains'> | null | undefined): readonly string[] {
  return tenant?.verifiedDomains ?? [];
}

/** Whether Herald may act on this address for this tenant: its domain is one the tenant proved. */
export function isVerifiedAddress(tenant: Pick<TenantDoc, 'verifiedDomains'> | null | undefined, email: string | null | undefined): boolean {
  const domain = domainOf(email);
  return domain !== null && verifiedDomainsOf(tenant).includes(domain);
}

/**
 * The one way to find tenants by a domain: only a domain the tenant PROVED counts. The `domains`
 * list also holds pending (unproven) domains that any tenant may type in, so it is never queried to
 * find a tenant (only `tenantsListing`, to refuse; test/unit/tenant-domain-lookups.test.ts refuses a
 * query on it, or on `verifiedDomains`, anywhere but here). The query, not its result, so transactions can `tx.get()` it.
 */
export function tenantsVerifying(db: Firestore, domain: string) {
  return col(db, 'tenants', {}).where('verifiedDomains', 'array-contains', domain.trim().toLowerCase());
}

/**
 * The tenant that verified `domain`, when exactly one did: `none` when no tenant did, `ambiguous`
 * when more than one did (a binding error, since proofs refuse a domain another tenant verified).
 * Callers that act on a tenant act only on `one`.
 */
export async function soleTenantVerifying(db: Firestore, domain: string) {
  const found = await tenantsVerifying(db, domain).limit(2).get();
  if (found.size === 1) return { kind: 'one', tenant: found.docs[0]! } as const;
  return found.empty ? ({ kind: 'none' } as const) : ({ kind: 'ambiguous' } as const);
}

/**
 * Tenants that LIST `domain`, proven or pending. Only for refusing: a proof that cannot tell two
 * claimants apart (the Microsoft consent round trip) is refused while another tenant lists the
 * domain. Never used to find a tenant to act on; that is `soleTenantVerifying`.
 */
export function tenantsListing(db: Firestore, domain: string) {
  return col(db, 'tenants', {}).where('domains', 'array-contains', domain.trim().toLowerCase());
}
