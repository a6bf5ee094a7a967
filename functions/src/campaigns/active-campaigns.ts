import { createHash } from 'node:crypto';
import type { CampaignKind } from '../core/schemas/campaign.js';

/** How long one rotation choice holds: a signature stays the same for a week, then may rotate. */
export const ROTATION_WINDOW_MS = 7 * 86_400_000;

export interface ScheduledCampaign {
  id: string;
  kind: CampaignKind;
  status: 'draft' | 'active' | 'archived';
  startAt: Date;
  endAt: Date | null;
  targetGroups: readonly string[];
  priority: number;
}

export interface Audience {
  id: string;
  groups: readonly string[];
}

/** Running at `at`: active, started, not ended (the end is exclusive). */
export function isRunning(c: ScheduledCampaign, at: Date): boolean {
  const t = at.getTime();
  return c.status === 'active' && c.startAt.getTime() <= t && (c.endAt === null || t < c.endAt.getTime());
}

/** No target groups means everyone; otherwise the user must belong to one of them. */
export function targets(c: ScheduledCampaign, user: Audience): boolean {
  return c.targetGroups.length === 0 || c.targetGroups.some((g) => user.groups.includes(g));
}

/** Which rotation window `at` falls in (weeks since the epoch). */
export function rotationWindow(at: Date): number {
  return Math.floor(at.getTime() / ROTATION_WINDOW_MS);
}

/**
 * The banner a user's signature shows at `at`: among running banner campaigns that target the
 * user, the highest priority wins; equal priorities rotate. The rotation is a hash of the user id
 * and the rotation window, so one user keeps the same banner for the whole window (a stable
 * signature) while different users spread evenly over the candidates.
 */
export function activeBanner<C extends ScheduledCampaign>(campaigns: readonly C[], user: Audience, at: Date): C | null {
  const candidates = campaigns.filter((c) => c.kind === 'banner' && isRunning(c, at) && targets(c, user));
  if (candidates.length === 0) return null;
  const top = Math.max(...candidates.map((c) => c.priority));
  const tied = candidates.filter((c) => c.priority === top).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (tied.length === 1) return tied[0]!;
  const digest = createHash('sha256').update(`${user.id}\u0000${rotationWindow(at)}`).digest();
  return tied[digest.readUInt32BE(0) % tied.length]!;
}

/** The notifications a user should see at `at`: running, targeting them, highest priority first, then newest. */
export function activeNotifications<C extends ScheduledCampaign>(campaigns: readonly C[], user: Audience, at: Date): C[] {
  return campaigns
    .filter((c) => c.kind === 'notification' && isRunning(c, at) && targets(c, user))
    .sort((a, b) => b.priority - a.priority || b.startAt.getTime() - a.startAt.getTime() || (a.id < b.id ? -1 : 1));
}
