import * as z from 'zod';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { emailSchema } from '../core/schemas/user.js';
import { AppError } from '../core/errors.js';
import { idSchema } from '../core/schemas/ids.js';
import { startJob, type JobStarted } from '../jobs/job-store.js';
import { toIso } from '../core/timestamps.js';
import { deletionIdFor } from './deletion-id.js';
import { recipientHash } from './recipient-hash.js';
import type { PurgeSubject } from '../core/schemas/purge-payload.js';
import type { DeletionDoc } from '../core/schemas/privacy.js';
import { hasRole, isRole } from '../core/roles.js';
import type { Role } from '../core/schemas/tenant.js';
import { labelled } from '../core/field-labels.js';

export const purgeUsersBody = z
  .object({
    userIds: z.array(idSchema).min(1).max(1000).optional(),
    emails: z.array(emailSchema).min(1).max(1000).optional(),
  })
  .strict()
  .refine((b) => Boolean(b.userIds) !== Boolean(b.emails), { message: 'send either userIds or emails', path: ['userIds'] });
labelled(purgeUsersBody, {
  '': 'People to erase',
  userIds: 'People to erase',
  emails: 'Email addresses to erase',
});

export const purgeRecipientBody = z.object({ email: emailSchema }).strict();
labelled(purgeRecipientBody, { email: 'Recipient email address' });
export const purgeCampaignBody = z.object({ campaignId: idSchema }).strict();
labelled(purgeCampaignBody, { campaignId: 'Campaign' });

/** What a purge route answers (202): the job, and the deletion certificate it will write. */
export interface PurgeStarted extends JobStarted {
  deletionId: string;
}

/** POST /api/privacy/purge: also how many users will be erased, and how many emails matched none. */
export interface UsersPurgeStarted extends PurgeStarted {
  users: number;
  notFound: number;
}

/** A deletion certificate as admins download it (GET /api/privacy/deletions/:deletionId). */
export interface DeletionView {
  id: string;
  tenantId: string;
  status: DeletionDoc['status'];
  subject: DeletionDoc['subject'];
  reason: DeletionDoc['reason'];
  /** A role, never an id or a name. */
  instructedBy: string;
  /** Personal-data categories erased. */
  categories: string[];
  /** Per catalog collection: documents deleted and pseudonymised. */
  collections: DeletionDoc['collections'];
  authAccountsDeleted: number;
  storedFilesDeleted: number;
  /** Collections kept by design, with why. */
  retained: Record<string, string>;
  verified: boolean;
  requestedAt: string | null;
  completedAt: string | null;
}

/** GET /api/privacy/deletions: newest first. */
export interface DeletionList {
  deletions: DeletionView[];
}

async function start(deps: Deps, tenantId: string, createdBy: string, subject: PurgeSubject): Promise<PurgeStarted> {
  const jobId = await startJob(deps, { tenantId, kind: 'privacy.purge', createdBy, payload: { subject, reason: 'admin_request' } });
  return { jobId, deletionId: deletionIdFor({ tenantId, jobId, subject }) };
}

/**
 * Users by id, or by directory email (resolved here, so no address travels in the task). The
 * purge deletes the Auth accounts of the people erased, so it follows the role rules: erasing an
 * owner's or admin's account needs the owner role (403 permission_denied otherwise), and the last
 * owner is never erased (412 failed_precondition: make someone else owner first).
 */
export async function startUsersPurge(deps: Deps, tenantId: string, uid: string, body: z.output<typeof purgeUsersBody>, actorRole: Role = 'admin'): Promise<UsersPurgeStarted> {
  let userIds = body.userIds ?? [];
  let notFound = 0;
  if (body.emails) {
    const emails = [...new Set(body.emails)];
    const found = new Set<string>();
    for (let i = 0; i < emails.length; i += 30) {
      const snap = await col(deps.db, 'users', { tenantId }).where('email', 'in', emails.slice(i, i + 30)).select().get();
      for (const d of snap.docs) found.add(d.id);
    }
    userIds = [...found];
    notFound = emails.length - found.size;
    if (userIds.length === 0) throw new AppError('not_found', 'body.emails: none of these addresses is in the directory');
  }
  await assertMayErase(deps, tenantId, [...new Set(userIds)], actorRole);
  const started = await start(deps, tenantId, uid, { kind: 'users', userIds: [...new Set(userIds)] });
  return { ...started, users: new Set(userIds).size, notFound };
}

/** The role rules for the Auth accounts a users purge would delete (found as the job finds them: by directory email). */
async function assertMayErase(deps: Deps, tenantId: string, userIds: string[], actorRole: Role): Promise<void> {
  const emails: string[] = [];
  for (let i = 0; i < userIds.length; i += 100) {
    const snaps = await deps.db.getAll(...userIds.slice(i, i + 100).map((userId) => doc(deps.db, 'users', { tenantId, userId })));
    for (const s of snaps) if (s.exists) emails.push(s.get('email') as string);
  }
  const roles = new Map<string, Role | null>();
  for (let i = 0; i < emails.length; i += 100) {
    const found = await deps.auth.getUsers(emails.slice(i, i + 100).map((email) => ({ email })));
    for (const u of found.users) if (u.customClaims?.tid === tenantId) roles.set(u.uid, isRole(u.customClaims.role) ? u.customClaims.role : null);
  }
  if (roles.size === 0) return;
  // The members mirror too: a role granted there counts even if the claim lags.
  const members = await deps.db.getAll(...[...roles.keys()].map((accountUid) => doc(deps.db, 'members', { tenantId, uid: accountUid })));
  for (const m of members) if (m.exists && hasRole(m.get('role') as Role, roles.get(m.id) ?? 'user')) roles.set(m.id, m.get('role') as Role);
  const erasedOwners = [...roles.values()].filter((r) => r === 'owner').length;
  const privileged = [...roles.values()].some((r) => r === 'owner' || r === 'admin');
  if (privileged && actorRole !== 'owner') throw new AppError('permission_denied', "erasing an owner's or admin's account needs the owner role");
  if (erasedOwners > 0) {
    const owners = await col(deps.db, 'members', { tenantId }).where('role', '==', 'owner').select().get();
    const remaining = owners.docs.filter((d) => roles.get(d.id) !== 'owner').length;
    if (remaining === 0) throw new AppError('failed_precondition', 'this would erase the last owner of the tenant: make someone else owner first');
  }
}

export function startRecipientPurge(deps: Deps, tenantId: string, uid: string, body: z.output<typeof purgeRecipientBody>): Promise<PurgeStarted> {
  return start(deps, tenantId, uid, { kind: 'recipient', recipientHash: recipientHash(deps.config, body.email) });
}

export function startCampaignPurge(deps: Deps, tenantId: string, uid: string, body: z.output<typeof purgeCampaignBody>): Promise<PurgeStarted> {
  return start(deps, tenantId, uid, { kind: 'campaign', campaignId: body.campaignId });
}

/** A deletion certificate as admins download it: counts and categories, no personal data. */
export function deletionView(id: string, d: DeletionDoc): DeletionView {
  return {
    id,
    tenantId: d.tenantId,
    status: d.status,
    subject: d.subject,
    reason: d.reason,
    instructedBy: d.instructedBy,
    categories: d.categories,
    collections: d.collections,
    authAccountsDeleted: d.authAccountsDeleted,
    storedFilesDeleted: d.storedFilesDeleted,
    retained: d.retained,
    verified: d.verified,
    requestedAt: toIso(d.requestedAt),
    completedAt: toIso(d.completedAt),
  };
}

/** A deletion certificate, for the admins of the tenant it belongs to. */
export async function getDeletion(deps: Deps, tenantId: string, deletionId: string): Promise<DeletionView> {
  const snap = await doc(deps.db, 'deletions', { deletionId }).get();
  const d = snap.data();
  if (!d || d.tenantId !== tenantId) throw new AppError('not_found', 'deletion certificate not found');
  return deletionView(snap.id, d);
}

export async function listDeletions(deps: Deps, tenantId: string): Promise<DeletionList> {
  const snap = await col(deps.db, 'deletions', {}).where('tenantId', '==', tenantId).orderBy('requestedAt', 'desc').limit(100).get();
  return { deletions: snap.docs.map((d) => deletionView(d.id, d.data())) };
}
