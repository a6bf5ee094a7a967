import type { Api } from '../api';
import type { UserRow } from './types';

/** The groups in the directory (admins only: the user list is an admin route); [] for others. */
export async function directoryGroups(api: Api): Promise<{ groups: string[]; users: UserRow[] }> {
  const users: UserRow[] = [];
  let pageToken: string | null = null;
  try {
    do {
      const page: { users: UserRow[]; nextPageToken: string | null } = await api(`/users?limit=200${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`);
      users.push(...page.users);
      pageToken = page.nextPageToken;
    } while (pageToken && users.length < 2000);
  } catch {
    return { groups: [], users: [] };
  }
  return { groups: [...new Set(users.flatMap((u) => u.groups))].sort(), users };
}
