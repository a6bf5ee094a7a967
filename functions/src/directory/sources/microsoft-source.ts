import type { Deps } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import { JobHeldError } from '../../jobs/job-control.js';
import type { TenantDoc } from '../../core/schemas/tenant.js';
import { graphClient } from '../../microsoft/graph-client.js';
import type { SyncSettings } from '../../core/schemas/sync-settings.js';
import { GroupMemberships } from './group-memberships.js';
import { mailboxPurposes } from './mailbox-purpose.js';
import type { DirectorySource, SourceMailbox, SourceUser } from './source.js';

/**
 * Only what the eight fields need, plus what tells a shared mailbox apart: `accountEnabled` (a
 * shared mailbox's account has sign-in blocked) and `displayName` (kept for shared mailboxes only,
 * dropped for people). Graph carries the `$select` into every nextLink and deltaLink.
 */
export const GRAPH_USER_SELECT = 'id,mail,userPrincipalName,givenName,surname,jobTitle,businessPhones,mobilePhone,streetAddress,postalCode,city,country,accountEnabled,displayName';
export const GRAPH_GROUP_SELECT = 'id,displayName';
export const GRAPH_MEMBER_SELECT = 'id';

interface GraphUser {
  id: string;
  '@removed'?: { reason: string };
  mail?: string | null;
  userPrincipalName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  jobTitle?: string | null;
  businessPhones?: string[] | null;
  mobilePhone?: string | null;
  streetAddress?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string | null;
  accountEnabled?: boolean | null;
  displayName?: string | null;
}
interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/**
 * Microsoft 365 through Graph. The first sync is a full `users/delta` round; later syncs start
 * from the stored deltaLink and receive only changes, removals flagged `@removed`.
 */
export function microsoftSource(deps: Deps, settings: Pick<SyncSettings, 'microsoft' | 'deltaLink' | 'deltaScope'>, tenant: Pick<TenantDoc, 'entraTenantId'>): DirectorySource {
  if (!settings.microsoft) throw new AppError('failed_precondition', 'Microsoft sync needs the Entra tenant id in the directory settings');
  // Only the Entra tenant bound from the admin's consent, never one typed into the settings.
  const bound = tenant.entraTenantId;
  if (!bound) throw new JobHeldError('source_not_connected', 'Nothing was synced: Microsoft 365 is not connected yet. An owner connects it with the sign-in of a Global Administrator.', 'connect_microsoft');
  if (settings.microsoft.tenantId.toLowerCase() !== bound) throw new JobHeldError('source_mismatch', 'the directory settings name another Entra tenant than the one this tenant connected: nothing was synced');
  const graph = graphClient(deps, bound);
  const groupsOf = new GroupMemberships();

  async function* pages<T>(first: string): AsyncGenerator<T[]> {
    let next: string | undefined = first;
    while (next) {
      const page: GraphPage<T> = await graph.get<GraphPage<T>>(next);
      yield page.value;
      next = page['@odata.nextLink'];
    }
  }

  // A deltaLink made with another $select (stored before shared mailboxes were told apart) would
  // never report the new fields: the round starts over in full.
  const deltaLink = settings.deltaLink && settings.deltaScope === GRAPH_USER_SELECT ? settings.deltaLink : null;

  return {
    kind: 'microsoft',
    complete: !deltaLink,
    deltaScope: GRAPH_USER_SELECT,
    async prepare() {
      // Before anything is written: the directory Graph answers for must be the bound tenant.
      const org = await graph.get<{ value: { id?: string }[] }>('/organization?$select=id');
      if (org.value.length !== 1 || org.value[0]!.id?.toLowerCase() !== bound) {
        throw new JobHeldError('source_mismatch', 'Microsoft Graph answered for another Entra tenant than the one this tenant connected: nothing was synced');
      }
      // Memberships are not part of a user's delta, so they are read in full each time.
      groupsOf.clear();
      for await (const groups of pages<{ id: string; displayName?: string | null }>(`/groups?$select=${GRAPH_GROUP_SELECT}&$top=999`)) {
        for (const group of groups) {
          if (!group.displayName) continue;
          for await (const members of pages<{ id: string }>(`/groups/${encodeURIComponent(group.id)}/members/microsoft.graph.user?$select=${GRAPH_MEMBER_SELECT}&$top=999`)) {
            for (const m of members) groupsOf.add(m.id, group.displayName);
          }
        }
      }
    },
    async page(cursor) {
      const url = cursor ?? deltaLink ?? `/users/delta?$select=${GRAPH_USER_SELECT}`;
      const page = await graph.get<GraphPage<GraphUser>>(url);
      const users: SourceUser[] = [];
      const removedExternalIds: string[] = [];
      const sharedMailboxes: SourceMailbox[] = [];
      // Only accounts with sign-in blocked can be shared mailboxes here: their mailbox's purpose is
      // asked (20 to a batch), so a page of people costs no extra call.
      const present = page.value.filter((u) => !u['@removed']);
      const purposes = await mailboxPurposes(graph, present.filter((u) => u.accountEnabled === false && (u.mail || u.userPrincipalName)).map((u) => u.id));
      for (const u of page.value) {
        if (u['@removed']) removedExternalIds.push(u.id);
        else if (purposes.shared.has(u.id)) {
          sharedMailboxes.push({ externalId: u.id, address: (u.mail || u.userPrincipalName)!, displayName: u.displayName?.trim() || null });
          // Not a person: a record stored before (as a person) goes.
          removedExternalIds.push(u.id);
        } else users.push(toSourceUser(u, groupsOf.of(u.id)));
      }
      return {
        users,
        removedExternalIds,
        sharedMailboxes,
        mailboxesUnchecked: purposes.unchecked,
        next: page['@odata.nextLink'] ?? null,
        ...(page['@odata.deltaLink'] ? { deltaLink: page['@odata.deltaLink'] } : {}),
      };
    },
  };
}

function toSourceUser(u: GraphUser, groups: readonly string[]): SourceUser {
  const cityLine = [u.postalCode, u.city].filter(Boolean).join(' ');
  const address = [u.streetAddress, cityLine, u.country].filter(Boolean).join(', ');
  return {
    externalId: u.id,
    fields: {
      email: u.mail || u.userPrincipalName,
      firstName: u.givenName,
      lastName: u.surname,
      title: u.jobTitle,
      workPhone: u.businessPhones?.[0],
      mobilePhone: u.mobilePhone,
      addresses: address ? [address] : [],
      groups,
    },
  };
}
