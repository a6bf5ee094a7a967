import { z } from 'zod';
import { col, doc } from '../catalog.js';
import type { Deps } from '../deps.js';
import { emailSchema } from '../directory/schema.js';
import { AppError } from '../http/errors.js';
import { idSchema } from '../jobs/task-schemas.js';
import { startJob } from '../jobs/job-store.js';
import { toIso } from '../platform/timestamps.js';
import { deletionIdFor } from './purge-job.js';
import { recipientHash } from './recipient-hash.js';
import type { PurgeSubject } from './purge-schema.js';
import type { DeletionDoc } from './schema.js';

export const purgeUsersBody = z
  .object({
    userIds: z.array(idSchema).min(1).max(1000).optional(),
    emails: z.array(emailSchema).min(1).max(1000).optional(),
  })
  .strict()
  .refine((b) => Boolean(b.userIds) !== Boolean(b.emails), { message: 'send either userIds or emails', path: ['userIds'] });

export const purgeRecipientBody = z.object({ email: emailSchema }).strict();
export const purgeCampaignBody = z.object({ campaignId: idSchema }).strict();

interface Started {
  jobId: string;
  deletionId: string;
}

async function start(deps: Deps, tenantId: string, createdBy: string, subject: PurgeSubject): Promise<Started> {
  const jobId = await startJob(deps, { tenantId, kind: 'privacy.purge', createdBy, payload: { subject, reason: 'admin_request' } });
  return { jobId, deletionId: deletionIdFor({ tenantId, jobId, subject }) };
}

/** Users by id, or by directory email (resolved here, so no address travels in the task). */
export async function startUsersPurge(deps: Deps, tenantId: string, uid: string, body: z.output<typeof purgeUsersBody>): Promise<Started & { users: number; notFound: number }> {
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
  const started = await start(deps, tenantId, uid, { kind: 'users', userIds: [...new Set(userIds)] });
  return { ...started, users: new Set(userIds).size, notFound };
}

export function startRecipientPurge(deps: Deps, tenantId: string, uid: string, body: z.output<typeof purgeRecipientBody>): Promise<Started> {
  return start(deps, tenantId, uid, { kind: 'recipient', recipientHash: recipientHash(deps.config, body.email) });
}

export function startCampaignPurge(deps: Deps, tenantId: string, uid: string, body: z.output<typeof purgeCampaignBody>): Promise<Started> {
  return start(deps, tenantId, uid, { kind: 'campaign', campaignId: body.campaignId });
}

/** A deletion certificate as admins download it: counts and categories, no personal data. */
export function deletionView(id: string, d: DeletionDoc) {
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
export async function getDeletion(deps: Deps, tenantId: string, deletionId: string) {
  const snap = await doc(deps.db, 'deletions', { deletionId }).get();
  const d = snap.data();
  if (!d || d.tenantId !== tenantId) throw new AppError('not_found', 'deletion certificate not found');
  return deletionView(snap.id, d);
}

export async function listDeletions(deps: Deps, tenantId: string) {
  const snap = await col(deps.db, 'deletions', {}).where('tenantId', '==', tenantId).orderBy('requestedAt', 'desc').limit(100).get();
  return { deletions: snap.docs.map((d) => deletionView(d.id, d.data())) };
}
