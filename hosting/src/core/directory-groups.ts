import type { Api } from '../api';
import type { DirectoryGroup, DirectoryGroupList, UserPage, UserView } from '../../../functions/src/api-types.js';

export interface DirectoryGroups {
  /** Group names, by name. */
  groups: string[];
  /** Each group with how many people are in it (GET /api/directory/groups, editors and up). */
  counts: DirectoryGroup[];
  /** The directory's people (admins only: the user list is an admin route); [] for others. */
  users: UserView[];
}

/** The tenant's groups with their member counts, and for admins its people. */
export async function directoryGroups(api: Api, withUsers = true): Promise<DirectoryGroups> {
  const [counts, users] = await Promise.all([
    api<DirectoryGroupList>('/directory/groups').then((l) => l.groups).catch(() => [] as DirectoryGroup[]),
    withUsers ? directoryUsers(api) : Promise.resolve([] as UserView[]),
  ]);
  return { groups: counts.map((g) => g.name), counts, users };
}

async function directoryUsers(api: Api): Promise<UserView[]> {
  const users: UserView[] = [];
  let pageToken: string | null = null;
  try {
    do {
      const page: UserPage = await api(`/users?limit=200${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`);
      users.push(...page.users);
      pageToken = page.nextPageToken;
    } while (pageToken && users.length < 2000);
  } catch {
    return [];
  }
  return users;
}

/** The people a campaign aimed at `groups` reaches (everyone when none): the only ones to preview it as. */
export const inTarget = (users: readonly UserView[], groups: readonly string[]) => (groups.length ? users.filter((u) => u.groups.some((g) => groups.includes(g))) : [...users]);

/** "Sales (14 people)"; the bare name when the count is unknown. */
export const groupWords = (g: { name: string; members?: number }) => (g.members === undefined ? g.name : `${g.name} (${g.members} ${g.members === 1 ? 'person' : 'people'})`);
