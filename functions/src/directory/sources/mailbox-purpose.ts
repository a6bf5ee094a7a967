import type { graphClient } from '../../microsoft/graph-client.js';

/**
 * Which of these Graph users are shared mailboxes: `GET /users/{id}/mailboxSettings/userPurpose`
 * (v1.0, application permission MailboxSettings.Read) answers `{ "value": "shared" }` for one, and
 * `user`, `room`, `equipment`… otherwise. Graph has no list or filter of mailboxes by purpose, so
 * each candidate is asked, 20 to a JSON batch. Only the purpose is read (never time zones,
 * automatic replies or working hours).
 *
 * `unchecked` counts the accounts Graph would not say for (403: the permission is not granted; any
 * other refusal but 404): those stay people, and the caller does not prune stored mailboxes.
 * 404 means the account has no Exchange mailbox: not a shared mailbox.
 */
export async function mailboxPurposes(graph: Pick<ReturnType<typeof graphClient>, 'batchGet'>, userIds: readonly string[]): Promise<{ shared: Set<string>; unchecked: number }> {
  const shared = new Set<string>();
  if (!userIds.length) return { shared, unchecked: 0 };
  const answers = await graph.batchGet<{ value?: unknown }>(userIds.map((id) => `/users/${encodeURIComponent(id)}/mailboxSettings/userPurpose`));
  let unchecked = 0;
  answers.forEach((a, i) => {
    if (a.status === 200) {
      if (a.body?.value === 'shared') shared.add(userIds[i]!);
    } else if (a.status !== 404) unchecked++;
  });
  return { shared, unchecked };
}
