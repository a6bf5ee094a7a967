import type { Api } from '../api';
import type { UserPage, UserView } from '../../../functions/src/api-types.js';

/** The groups in the directory (admins only: the user list is an admin route); [] for others. */
export async function directoryGroups(api: Api): Promise<{ groups: string[]; users: UserView[] }> {
  const users: UserView[] = [];
  let pageToken: string | null = null;
  try {
    do {
      const page: UserPage = await api(`/users?limit=200${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`);
      users.push(...page.users);
      pageToken = page.nextPageToken;
    } while (pageToken && users.length < 2000);
  } catch {
    return { groups: [], users: [] };
  }
  return { groups: [...new Set(users.flatMap((u) => u.groups))].sort(), users };
}
