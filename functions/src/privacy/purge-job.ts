import type { DocumentReference } from 'firebase-admin/firestore';
import { writeAudit } from '../audit/write-audit.js';
import { catalog, col, doc, type CollectionName } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { JobControl } from '../jobs/job-control.js';
import { fileStore } from '../platform/file-store.js';
import { addDays } from '../core/timestamps.js';
import { countLocated, eraseLocated } from './erase-located.js';
import type { PurgePayload } from '../core/schemas/purge-payload.js';
import { deletionIdFor } from './deletion-id.js';
import { pseudonym } from './recipient-hash.js';
import { HIT_SCREEN_LEASE_MS } from '../tracking/hit-screen.js';
import type { DeletionDoc } from '../core/schemas/privacy.js';
import { findTenantAccounts } from './tenant-accounts.js';
import { locateSubject, tenantEntries, tenantScope, type Located, type SubjectKeys } from './subject-queries.js';

const USERS_PER_CHUNK = 100;
const TENANT_PARALLEL = 3;
/** Leave a margin under the task timeout (540 s): checkpoint and let the retry resume. */
const DEFAULT_BUDGET_MS = 420_000;

export const INSTRUCTED_BY: Record<PurgePayload['reason'], string> = {
  admin_request: 'An administrator of the tenant',
  self_request: 'The data subject',
  directory_sync: "The tenant's directory (the user was removed at the source)",
  uninstall: 'The tenant (the application was uninstalled)',
};

export interface PurgeOptions {
  /** Time budget of one delivery; tests shrink it to exercise resumption. */
  budgetMs?: number;
  pageSize?: number;
}

/**
 * Erases a subject's data as the catalog declares (delete, pseudonymise or keep), resumable and
 * safe to run twice, then verifies by walking the catalog again and completes the certificate.
 */
export async function runPurge(deps: Deps, payload: PurgePayload, job: JobControl, options: PurgeOptions = {}): Promise<void> {
  const deletionId = deletionIdFor(payload);
  const certificate = doc(deps.db, 'deletions', { deletionId });
  const opened = await openCertificate(deps, certificate, payload, job);
  if (opened.status === 'done') return;
  const deadline = deps.now().getTime() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const ctx: PurgeContext = {
    deps,
    payload,
    job,
    certificate,
    shouldStop: () => deps.now().getTime() > deadline,
    pageSize: options.pageSize,
    done: Object.values(opened.collections).reduce((n, c) => n + c.deleted + c.pseudonymised, 0),
  };

  const subject = payload.subject;
  if (subject.kind !== 'tenant') await markHitScreening(deps, payload.tenantId, subject.kind === 'recipient');
  let remaining: number;
  if (subject.kind === 'users') remaining = await purgeUsers(ctx, subject.userIds);
  else if (subject.kind === 'tenant') remaining = await purgeTenant(ctx);
  else remaining = await purgeKeys(ctx, subject.kind === 'recipient' ? { recipientHash: [subject.recipientHash] } : { campaignId: [subject.campaignId] });

  if (remaining > 0) {
    // Something of the subject was written while we erased (a late click): the retry erases it.
    throw new AppError('unavailable', `${remaining} documents of the subject remain after erasure; retrying`);
  }
  const final = (await certificate.get()).data()!;
  const categories = new Set<string>();
  for (const [name, c] of Object.entries(final.collections)) {
    if (c.deleted + c.pseudonymised > 0 && name in catalog) for (const cat of catalog[name as CollectionName].personalData) categories.add(cat);
  }
  if (final.authAccountsDeleted > 0) categories.add('contact').add('pseudonymous_ids');
  await certificate.update({ status: 'done', verified: true, categories: [...categories].sort(), completedAt: deps.now() });
  const documents = Object.values(final.collections).reduce((n, c) => n + c.deleted + c.pseudonymised, 0);
  if (subject.kind !== 'tenant') {
    await writeAudit(deps, {
      tenantId: payload.tenantId,
      actor: { uid: 'system', role: 'system' },
      action: 'privacy.purge_completed',
      target: { type: 'deletion', id: deletionId },
      meta: { kind: subject.kind, reason: payload.reason, documents },
    });
  }
  deps.log.info('purge done', { tenantId: payload.tenantId, deletionId, kind: subject.kind, documents });
}

interface PurgeContext {
  deps: Deps;
  payload: PurgePayload;
  job: JobControl;
  certificate: DocumentReference<DeletionDoc>;
  shouldStop: () => boolean;
  pageSize: number | undefined;
  done: number;
}

async function openCertificate(deps: Deps, ref: DocumentReference<DeletionDoc>, payload: PurgePayload, job: JobControl): Promise<DeletionDoc> {
  return deps.db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (snap.exists) return snap.data()!;
    const now = deps.now();
    const retention = catalog.deletions.retention;
    const s = payload.subject;
    const retained: Record<string, string> = {};
    for (const name of tenantEntries()) {
      const e = catalog[name].erasure;
      if (e.kind === 'none' && s.kind !== 'tenant') retained[name] = e.why;
    }
    const data: DeletionDoc = {
      tenantId: payload.tenantId,
      status: 'running',
      subject: { kind: s.kind, count: s.kind === 'users' ? s.userIds.length : 1 },
      reason: payload.reason,
      instructedBy: INSTRUCTED_BY[payload.reason],
      categories: [],
      collections: {},
      authAccountsDeleted: 0,
      storedFilesDeleted: 0,
      retained,
      verified: false,
      requestedAt: now,
      completedAt: null,
      expireAt: addDays(now, retention.kind === 'ttl' ? retention.days : 1825),
    };
    tx.set(ref, data);
    void job;
    return data;
  });
}

async function erase(ctx: PurgeContext, located: Located[], mode: 'catalog' | 'delete', values: ReadonlySet<string>, total: number | null): Promise<void> {
  for (const l of located) {
    const { stopped } = await eraseLocated(ctx.deps.db, l, {
      certificate: ctx.certificate,
      mode,
      values,
      pseudonym: (id) => pseudonym(ctx.deps.config, ctx.payload.tenantId, id),
      onCommit: async (n) => {
        ctx.done += n;
        if (ctx.payload.subject.kind !== 'users') await ctx.job.progress(ctx.done, total);
      },
      shouldStop: ctx.shouldStop,
      ...(ctx.pageSize ? { pageSize: ctx.pageSize } : {}),
    });
    if (stopped) {
      await ctx.job.checkpoint(ctx.job.cursor, { done: ctx.done });
      throw new AppError('unavailable', 'the time budget of this delivery is spent; the purge resumes on retry');
    }
  }
}

/** Documents of the subject still found (erasure `none` entries are kept by design). */
async function remainingOf(located: Located[]): Promise<number> {
  let n = 0;
  for (const l of located) if (catalog[l.name].erasure.kind !== 'none') n += await countLocated(l);
  return n;
}

async function purgeKeys(ctx: PurgeContext, keys: SubjectKeys): Promise<number> {
  const located = locateSubject(ctx.deps.db, ctx.payload.tenantId, keys);
  let total = ctx.done;
  for (const l of located) if (catalog[l.name].erasure.kind !== 'none') total += await countLocated(l);
  await ctx.job.progress(ctx.done, total);
  await erase(ctx, located, 'catalog', new Set(Object.values(keys).flat()), total);
  return remainingOf(located);
}

/**
 * Hits still in the hit queue may name what this purge erases: from now until the lease ends, the
 * drain checks, before counting them, that the campaign and employee they name still exist
 * (tracking/hit-screen.ts). Marked at every start or resumption, so the lease covers each delivery.
 */
async function markHitScreening(deps: Deps, tenantId: string, recipient: boolean): Promise<void> {
  const until = new Date(deps.now().getTime() + HIT_SCREEN_LEASE_MS);
  // A recipient's purge: queued recipient clicks are not stored during the lease (the purge keeps no hash to compare them with).
  await doc(deps.db, 'tenants', { tenantId })
    .update(recipient ? { hitsScreenUntil: until, recipientClicksScreenUntil: until } : { hitsScreenUntil: until })
    .catch((err: unknown) => {
      // A tenant already gone: the drain drops its hits anyway.
      if ((err as { code?: number }).code !== 5) throw err;
    });
}

/**
 * Users, in chunks of 100 (the cursor is the index of the next chunk). Within a chunk the Auth
 * accounts are found by the directory email first, their data erased, the accounts deleted, and the
 * directory record (which holds the email) goes last, so a crash anywhere is resumed by redoing
 * the chunk.
 */
async function purgeUsers(ctx: PurgeContext, userIds: readonly string[]): Promise<number> {
  const { deps, payload } = ctx;
  const start = Number(ctx.job.cursor ?? 0) || 0;
  await ctx.job.progress(Math.min(start, userIds.length), userIds.length);
  for (let index = start; index < userIds.length; index += USERS_PER_CHUNK) {
    const ids = userIds.slice(index, index + USERS_PER_CHUNK);
    const accounts = await withoutLastOwners(ctx, await findAccountsOfUsers(deps, payload.tenantId, ids));
    const keys: SubjectKeys = { userId: ids, authUid: accounts };
    const values = new Set([...ids, ...accounts]);
    const located = locateSubject(deps.db, payload.tenantId, keys);
    const isDirectoryRecord = (l: Located) => l.lookup?.key === 'userId' && l.lookup.at === 'doc_id';
    await erase(ctx, located.filter((l) => !isDirectoryRecord(l)), 'catalog', values, null);
    const left = await remainingOf(located.filter((l) => l.lookup?.key === 'authUid'));
    if (left > 0) throw new AppError('unavailable', `${left} documents of the users' accounts remain after erasure; retrying`);
    if (accounts.length > 0) {
      const result = await deps.auth.deleteUsers(accounts);
      if (result.failureCount > 0) throw new AppError('unavailable', `${result.failureCount} Auth accounts could not be deleted; retrying`);
      await ctx.certificate.update({ authAccountsDeleted: (await ctx.certificate.get()).data()!.authAccountsDeleted + accounts.length });
    }
    await erase(ctx, located.filter(isDirectoryRecord), 'catalog', values, null);
    const next = Math.min(index + USERS_PER_CHUNK, userIds.length);
    await ctx.job.checkpoint(String(next), { done: next, total: userIds.length });
  }
  // A last pass over every user id: anything written for them meanwhile goes too, then nothing may remain.
  const located = locateSubject(deps.db, payload.tenantId, { userId: userIds });
  await erase(ctx, located, 'catalog', new Set(userIds), null);
  return remainingOf(located);
}

/**
 * The last owners are never erased, whoever started the purge (an admin is refused up front; a
 * sync's removals or a race come here): if these accounts hold every owner role of the tenant,
 * the owners' accounts (and their data keyed by account) are kept, and the certificate says so.
 */
async function withoutLastOwners(ctx: PurgeContext, accounts: string[]): Promise<string[]> {
  const { deps, payload } = ctx;
  const owners = (await col(deps.db, 'members', { tenantId: payload.tenantId }).where('role', '==', 'owner').select().get()).docs.map((d) => d.id);
  if (owners.length === 0 || !owners.every((uid) => accounts.includes(uid))) return accounts;
  await ctx.certificate.update({ 'retained.ownerAccounts': 'the last owner\'s account is kept: a tenant always keeps an owner' } as never);
  deps.log.warn('purge kept the last owner account', { tenantId: payload.tenantId });
  return accounts.filter((uid) => !owners.includes(uid));
}

/** Auth accounts of these directory users in this tenant, found by their directory email. */
async function findAccountsOfUsers(deps: Deps, tenantId: string, userIds: string[]): Promise<string[]> {
  const refs = userIds.map((userId) => doc(deps.db, 'users', { tenantId, userId }));
  const snaps = refs.length ? await deps.db.getAll(...refs) : [];
  const emails = snaps.map((s) => s.get('email') as string | undefined).filter((e): e is string => Boolean(e));
  if (emails.length === 0) return [];
  const found = await deps.auth.getUsers(emails.map((email) => ({ email })));
  // Only accounts of this tenant: an address may have an account elsewhere that is not ours to delete.
  return found.users.filter((u) => u.customClaims?.tid === tenantId).map((u) => u.uid);
}

/**
 * The whole tenant: every catalog entry under tenants/{t} (deepest first, the tenant document
 * last, so its `deleting` status holds until the end), stored files, Auth accounts holding its
 * `tid` claim. Pending jobs stop because their progress documents are gone.
 */
async function purgeTenant(ctx: PurgeContext): Promise<number> {
  const { deps, payload } = ctx;
  const tenantId = payload.tenantId;
  const entries = tenantEntries().filter((n) => n !== 'tenants');
  const scopes = entries.map((name) => ({ ...tenantScope(deps.db, name, tenantId), lookup: null, value: null }));
  // Collections are independent: erase a few at a time (each still in ordered, counted batches).
  for (let i = 0; i < scopes.length; i += TENANT_PARALLEL) {
    // allSettled: a failing collection must not leave its siblings running behind the retry.
    const results = await Promise.allSettled(scopes.slice(i, i + TENANT_PARALLEL).map((s) => erase(ctx, [s], 'delete', new Set(), null)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  const files = await fileStore(deps).deletePrefix(`tenants/${tenantId}/`);
  const accounts = await findTenantAccounts(deps, tenantId);
  if (accounts.length > 0) {
    const result = await deps.auth.deleteUsers(accounts.map((a) => a.uid));
    if (result.failureCount > 0) throw new AppError('unavailable', `${result.failureCount} Auth accounts could not be deleted; retrying`);
  }
  const cert = (await ctx.certificate.get()).data()!;
  await ctx.certificate.update({ storedFilesDeleted: cert.storedFilesDeleted + files, authAccountsDeleted: cert.authAccountsDeleted + accounts.length });

  const tenantDoc = { ...tenantScope(deps.db, 'tenants', tenantId), lookup: null, value: null };
  await erase(ctx, [tenantDoc], 'delete', new Set(), null);
  // Anything under the tenant that the catalog does not declare (the test suite forbids it) goes too.
  await deps.db.recursiveDelete(deps.db.doc(`tenants/${tenantId}`));
  return remainingOf([...scopes, tenantDoc]);
}
