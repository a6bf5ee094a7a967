import type { admin_directory_v1 } from 'googleapis';
import type { Deps } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import { JobHeldError } from '../../jobs/job-control.js';
import type { TenantDoc } from '../../core/schemas/tenant.js';
import { isVerifiedAddress } from '../../trust/verified-domains.js';
import { googleDirectory } from '../../google/directory-client.js';
import type { SyncSettings } from '../../core/schemas/sync-settings.js';
import { GroupMemberships } from './group-memberships.js';
import type { DirectorySource, SourceUser } from './source.js';
import { JOB_MAX_WAIT_MS, retryAfterOf, withBackoff, type RetryVerdict } from '../../platform/with-backoff.js';

/** Only what the eight fields need: Google sends nothing else (data minimisation at the source). */
export const GOOGLE_USER_FIELDS =
  'nextPageToken,users(id,customerId,primaryEmail,name(givenName,familyName),organizations(title,primary),phones(value,type,primary),addresses(type,primary,formatted,streetAddress,locality,postalCode,country))';
export const GOOGLE_GROUP_FIELDS = 'nextPageToken,groups(id,name)';
export const GOOGLE_MEMBER_FIELDS = 'nextPageToken,members(id,type)';
const PAGE_SIZE = 500;

type GUser = admin_directory_v1.Schema$User;
interface Typed {
  type?: string | null;
  primary?: boolean | null;
}

/** Google Workspace through the Admin SDK Directory API, impersonating the customer's admin. */
export function googleSource(deps: Deps, settings: SyncSettings['google'], tenant: Pick<TenantDoc, 'verifiedDomains' | 'googleCustomerId'>): DirectorySource {
  if (!settings) throw new AppError('failed_precondition', 'Google sync needs a customer id and an admin email in the directory settings');
  // Only the customer this tenant proved (the admin's own sign-in), through an admin of its own domains.
  const bound = tenant.googleCustomerId;
  if (!bound) throw new JobHeldError('source_not_connected', 'Nothing was synced: Google Workspace is not connected yet. An owner connects it with the sign-in of a Workspace super admin.', 'connect_google');
  if (settings.customerId !== bound && settings.customerId !== 'my_customer') throw new JobHeldError('source_mismatch', 'the directory settings name another Google customer than the one this tenant connected: nothing was synced');
  if (!isVerifiedAddress(tenant, settings.adminEmail)) throw new JobHeldError('source_mismatch', "the directory admin is not on one of this tenant's verified domains: nothing was synced");
  const api = googleDirectory(deps, settings.adminEmail);
  // The bound id, never `my_customer`: Google refuses to list a customer the admin does not belong to.
  const customer = bound;
  const retry = <T>(call: () => Promise<T>) =>
    withBackoff(call, {
      classify: classifyGoogleError,
      baseMs: deps.config.directoryRetryBaseMs,
      maxMs: JOB_MAX_WAIT_MS,
      jitter: true,
      attempts: 6,
      onRetry: (attempt, waitMs) => deps.log.warn('google directory: backing off', { attempt, waitMs }),
    });
  const groupsOf = new GroupMemberships();

  return {
    kind: 'google',
    complete: true,
    async prepare() {
      groupsOf.clear();
      let groupToken: string | undefined;
      do {
        const res = await retry(() => api.groups.list({ customer, maxResults: 200, pageToken: groupToken, fields: GOOGLE_GROUP_FIELDS }));
        for (const group of res.data.groups ?? []) {
          if (!group.id || !group.name) continue;
          let memberToken: string | undefined;
          do {
            const members = await retry(() => api.members.list({ groupKey: group.id!, maxResults: 200, pageToken: memberToken, fields: GOOGLE_MEMBER_FIELDS }));
            for (const m of members.data.members ?? []) {
              if (m.type !== 'USER' || !m.id) continue;
              groupsOf.add(m.id, group.name);
            }
            memberToken = members.data.nextPageToken ?? undefined;
          } while (memberToken);
        }
        groupToken = res.data.nextPageToken ?? undefined;
      } while (groupToken);
    },
    async page(cursor) {
      const res = await retry(() =>
        api.users.list({ customer, maxResults: PAGE_SIZE, pageToken: cursor ?? undefined, projection: 'basic', fields: GOOGLE_USER_FIELDS }),
      );
      // Checked before the page is written: a listing of another customer writes nothing.
      if ((res.data.users ?? []).some((u) => u.customerId !== bound)) {
        throw new JobHeldError('source_mismatch', 'Google listed users of another customer than the one this tenant connected: nothing more was written');
      }
      const users: SourceUser[] = (res.data.users ?? []).filter((u) => u.id).map((u) => toSourceUser(u, groupsOf.of(u.id!)));
      return { users, removedExternalIds: [], next: res.data.nextPageToken ?? null };
    },
  };
}

function toSourceUser(u: GUser, groups: readonly string[]): SourceUser {
  const orgs = (u.organizations ?? []) as (Typed & { title?: string | null })[];
  const phones = (u.phones ?? []) as (Typed & { value?: string | null })[];
  const addresses = (u.addresses ?? []) as (Typed & Record<string, string | null | undefined>)[];
  return {
    externalId: u.id!,
    fields: {
      email: u.primaryEmail,
      firstName: u.name?.givenName,
      lastName: u.name?.familyName,
      title: preferred(orgs)?.title,
      workPhone: preferred(phones.filter((p) => p.type === 'work'))?.value,
      mobilePhone: preferred(phones.filter((p) => p.type === 'mobile'))?.value,
      addresses: addresses
        .filter((a) => a.type === 'work')
        .map((a) => a.formatted || [a.streetAddress, [a.postalCode, a.locality].filter(Boolean).join(' '), a.country].filter(Boolean).join(', ')),
      groups,
    },
  };
}

function preferred<T extends Typed>(items: T[]): T | undefined {
  return items.find((i) => i.primary) ?? items[0];
}

/** Quota (403 rateLimitExceeded / userRateLimitExceeded, 429) and server errors are worth waiting for. */
export function classifyGoogleError(err: unknown): RetryVerdict {
  const e = err as { status?: number; code?: string; response?: { status?: number; headers?: unknown; data?: { error?: { errors?: { reason?: string }[] } } } };
  const status = e?.response?.status ?? e?.status;
  // Connection drops are transient too; anything else without a status is our bug, not Google's.
  if (!status) return { retry: ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EAI_AGAIN', 'EPIPE'].includes(String(e?.code)) };
  const after = retryAfterOf(err);
  if (status === 429 || status >= 500) return { retry: true, ...(after !== undefined ? { afterMs: after } : {}) };
  const reasons = e.response?.data?.error?.errors?.map((x) => x.reason) ?? [];
  if (status === 403 && reasons.some((r) => r === 'rateLimitExceeded' || r === 'userRateLimitExceeded' || r === 'quotaExceeded')) return { retry: true };
  return { retry: false };
}
