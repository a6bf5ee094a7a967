/**
 * Which template a user gets when several assignments apply. The precedence rule:
 * 1. an assignment to the user themself wins over everything;
 * 2. otherwise the assignments to groups the user belongs to: the highest `priority` wins, and
 *    between equal priorities the group whose name sorts first (code-point order) wins;
 * 3. otherwise the assignment to everyone;
 * 4. otherwise no template: the user has no signature.
 * Pure and total, so a signature never depends on the order documents come back in.
 */
export type AssignmentTarget = 'user' | 'group' | 'everyone' | 'address';

export interface AssignmentLike {
  templateId: string;
  target: AssignmentTarget;
  userId: string | null;
  group: string | null;
  /** Set exactly for an assignment to a sending address; never chosen by `pickTemplate`. */
  address?: string | null;
  priority: number;
}

export function pickTemplate<A extends AssignmentLike>(assignments: readonly A[], user: { id: string; groups: readonly string[] }): A | null {
  const own = assignments.find((a) => a.target === 'user' && a.userId === user.id);
  if (own) return own;
  const groups = new Set(user.groups);
  const byGroup = assignments
    .filter((a) => a.target === 'group' && a.group !== null && groups.has(a.group))
    .sort((a, b) => b.priority - a.priority || (a.group! < b.group! ? -1 : a.group! > b.group! ? 1 : 0));
  if (byGroup[0]) return byGroup[0];
  return assignments.find((a) => a.target === 'everyone') ?? null;
}

/**
 * The template an admin assigned to a sending address (a shared mailbox, a team alias), or null:
 * then whoever sends as it gets their own signature (`pickTemplate`), never another person's.
 * Addresses compare case-insensitively.
 */
export function pickAddressTemplate<A extends AssignmentLike>(assignments: readonly A[], address: string): A | null {
  const wanted = address.trim().toLowerCase();
  return assignments.find((a) => a.target === 'address' && a.address === wanted) ?? null;
}
