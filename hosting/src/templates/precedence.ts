import type { AssignmentView, SharedMailboxView, TemplateView, UserView } from '../../../functions/src/api-types.js';

/**
 * Why a user gets the template the API chose for them (GET /users/:id/signature answers which),
 * in words: the API decides, this only explains, following the rule in pick-template.ts.
 */
export function explainChoice(user: UserView, chosenTemplateId: string | null, assignments: AssignmentView[], templates: TemplateView[]): string {
  const name = user.firstName || user.email;
  const tname = (id: string) => templates.find((t) => t.id === id)?.name ?? id;
  if (!chosenTemplateId) return `${name} gets no signature: no template is assigned to them, to any of their groups, or to everyone.`;
  const own = assignments.find((a) => a.target === 'user' && a.userId === user.id);
  if (own) return `${name} gets “${tname(own.templateId)}” because it is assigned to ${name} personally, which wins over groups and everyone.`;
  const theirs = assignments.filter((a) => a.target === 'group' && a.group && user.groups.includes(a.group)).sort((a, b) => b.priority - a.priority || (a.group! < b.group! ? -1 : 1));
  if (theirs[0]) {
    const others = theirs.slice(1);
    return `${name} gets “${tname(theirs[0].templateId)}” through the group ${theirs[0].group} (priority ${theirs[0].priority})${
      others.length ? `, which outranks ${others.map((o) => `${o.group} (${o.priority})`).join(', ')}` : ''
    }; a group assignment wins over the one for everyone.`;
  }
  return `${name} gets “${tname(chosenTemplateId)}”, the template for everyone: none of their groups has one.`;
}

export function targetWords(a: AssignmentView, users: Map<string, UserView>, mailboxes: readonly SharedMailboxView[] = []): string {
  if (a.target === 'everyone') return 'Everyone';
  if (a.target === 'group') return `Group ${a.group} (priority ${a.priority})`;
  if (a.target === 'address') {
    const mailbox = mailboxes.find((m) => m.address === a.address);
    return `Whoever sends as ${a.address}${mailbox?.displayName ? ` (shared mailbox “${mailbox.displayName}”)` : mailbox ? ' (shared mailbox)' : ''}`;
  }
  const u = users.get(a.userId ?? '');
  return u ? `${u.firstName} ${u.lastName}`.trim() || u.email : `User ${a.userId}`;
}
