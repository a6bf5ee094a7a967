import { closest, distance } from 'fastest-levenshtein';
import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { FieldProblem } from '../core/errors.js';

/** One group of the tenant's directory and how many people are in it (GET /api/directory/groups). */
export interface DirectoryGroup {
  name: string;
  members: number;
}

export interface DirectoryGroupList {
  groups: DirectoryGroup[];
}

/**
 * The tenant's groups with their member counts, by name. Reads only the `groups` field of the
 * tenant's users (a projection: no names or addresses leave Firestore). Group names are the
 * directory's own, not personal data.
 */
export async function listDirectoryGroups(deps: Deps, tenantId: string): Promise<DirectoryGroupList> {
  const counts = new Map<string, number>();
  const snap = await col(deps.db, 'users', { tenantId }).select('groups').get();
  for (const d of snap.docs) {
    const groups = d.get('groups') as unknown;
    if (Array.isArray(groups)) for (const g of new Set(groups)) if (typeof g === 'string') counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return { groups: [...counts].map(([name, members]) => ({ name, members })).sort((a, b) => a.name.localeCompare(b.name)) };
}

/** The existing group a mistyped name most likely meant ("Marketng" → "Marketing"), if one is close enough. */
export function closestGroup(typed: string, groups: readonly string[]): string | null {
  if (!groups.length) return null;
  const lower = typed.toLowerCase();
  const byLower = new Map(groups.map((g) => [g.toLowerCase(), g]));
  const best = closest(lower, [...byLower.keys()]);
  return distance(lower, best) <= Math.max(2, Math.floor(lower.length / 3)) ? byLower.get(best)! : null;
}

/** Why a group name is refused, in words, with the closest existing group when there is one. */
export function unknownGroupMessage(typed: string, groups: readonly string[]): string {
  if (!groups.length) return `"${typed}" is not a group: your directory has no groups yet`;
  const suggestion = closestGroup(typed, groups);
  return `"${typed}" is not a group in your directory${suggestion ? `. Did you mean "${suggestion}"?` : '; pick one from the list'}`;
}

/**
 * The group names of a body, as sent, that the tenant's directory does not have (a typo would
 * silently reach nobody): each at its own field (`body.targetGroups.1`), with the closest existing
 * group. Reads the body unvalidated (a route's `check`, run beside its schema): anything that is not
 * a name is left to the schema.
 */
export async function unknownGroups(deps: Deps, tenantId: string, typed: readonly { field: string; name: unknown }[]): Promise<FieldProblem[]> {
  const names = typed.filter((t): t is { field: string; name: string } => typeof t.name === 'string' && t.name.trim() !== '');
  if (!names.length) return [];
  const known = (await listDirectoryGroups(deps, tenantId)).groups.map((g) => g.name);
  const knownSet = new Set(known);
  return names.filter((t) => !knownSet.has(t.name.trim())).map((t) => ({ field: t.field, message: unknownGroupMessage(t.name.trim(), known) }));
}

/** The target groups of a campaign body as sent. */
export const campaignGroups = (body: unknown) => {
  const groups = (body as { targetGroups?: unknown } | null)?.targetGroups;
  return Array.isArray(groups) ? groups.map((name: unknown, i) => ({ field: `body.targetGroups.${i}`, name })) : [];
};

/** The group of a template assignment body as sent. */
export const assignmentGroup = (body: unknown) => {
  const target = (body as { target?: { kind?: unknown; group?: unknown } } | null)?.target;
  return target?.kind === 'group' ? [{ field: 'body.target.group', name: target.group }] : [];
};
