import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doc } from '../../functions/src/core/catalog.js';
import { enqueueDirectorySyncs } from '../../functions/src/directory/enqueue-syncs.js';
import { handOffRemovals } from '../../functions/src/directory/hand-off-removals.js';
import { getJob } from '../../functions/src/jobs/job-store.js';
import { enqueueDailyDeploys, enqueueDailyDriftChecks } from '../../functions/src/signatures/enqueue-daily-deploys.js';
import { FakeGmail } from '../fakes/fake-gmail.js';
import { fakeGoogleUsers, startFakeGoogle } from '../fakes/google-directory-fake.js';
import { createSyncTenant, usersOf } from '../support/directory-helpers.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

/**
 * Task ids are unique per queue, not per tenant, and a duplicate id counts as "already enqueued".
 * Each daily fan-out below gives several tenants a job with the same per-tenant id
 * (`sync-<day>`, `signatures-<day>`, `sync-<day>-purge-0`): every tenant must get its task.
 */
const TENANTS = ['globexa', 'globexb', 'globexc'];
const google = { customerId: 'my_customer', adminEmail: 'it-admin@globexa.example' };

describe('daily fan-outs reach every tenant', () => {
  let fake: Awaited<ReturnType<typeof startFakeGoogle>>;
  let env: TestEnv;
  beforeAll(async () => {
    fake = await startFakeGoogle({ users: TENANTS.flatMap((t, i) => fakeGoogleUsers(3, `${t}.example`, i * 3)), pageSize: 50 });
    env = await createTestEnv({ env: fake.env() });
    for (const tenantId of TENANTS) await createSyncTenant(env.deps, tenantId, { google });
  });
  afterAll(() => fake.close());

  it('the daily directory sync runs for each syncing tenant, not only the first', async () => {
    await enqueueDirectorySyncs(env.deps);
    await env.deps.tasks.drain();
    const day = env.deps.now().toISOString().slice(0, 10);
    for (const tenantId of TENANTS) {
      const job = await getJob(env.deps, tenantId, `sync-${day}`);
      expect({ tenantId, status: job.status }).toEqual({ tenantId, status: 'done' });
      const emails = [...(await usersOf(env.deps, tenantId)).keys()];
      expect(emails.filter((e) => e.endsWith(`@${tenantId}.example`))).toHaveLength(3);
    }
    // No tenant is left with a queued job that blocks its next manual sync.
    const admin = await env.account({ domain: 'globexb.example', tenantId: 'globexb', role: 'admin' });
    const manual = await env.http.post('/api/directory/sync').set('Authorization', `Bearer ${admin.token}`).send({});
    expect(manual.status).toBe(202);
    await env.deps.tasks.drain();
  });

  it("hands each tenant's leavers to its own purge, though the purge ids are the same", async () => {
    const origin = 'sync-2026-12-01';
    const leavers = new Map<string, string>();
    for (const tenantId of TENANTS) {
      const leaver = [...(await usersOf(env.deps, tenantId)).values()][0]!.id;
      leavers.set(tenantId, leaver);
      expect(await handOffRemovals(env.deps, { tenantId, origin, userIds: [leaver] })).toEqual([`${origin}-purge-0`]);
    }
    await env.deps.tasks.drain();
    for (const tenantId of TENANTS) {
      expect({ tenantId, status: (await getJob(env.deps, tenantId, `${origin}-purge-0`)).status }).toEqual({ tenantId, status: 'done' });
      expect((await doc(env.deps.db, 'users', { tenantId, userId: leavers.get(tenantId)! }).get()).exists).toBe(false);
    }
  });
});

describe('the daily Gmail deployment reaches every Google tenant', () => {
  let gmail: FakeGmail;
  let env: TestEnv;
  beforeAll(async () => {
    gmail = await new FakeGmail().start();
    env = await createTestEnv({ env: gmail.env() });
    for (const tenantId of TENANTS) {
      await createSyncTenant(env.deps, tenantId, { google });
      await doc(env.deps.db, 'tenants', { tenantId }).update({ 'settings.gmailSignatures': true });
    }
  });
  afterAll(() => gmail.stop());

  it('gives each tenant its own signatures-<day> job and task', async () => {
    await enqueueDailyDeploys(env.deps);
    await env.deps.tasks.drain();
    const day = env.deps.now().toISOString().slice(0, 10);
    for (const tenantId of TENANTS) {
      expect({ tenantId, status: (await getJob(env.deps, tenantId, `signatures-${day}`)).status }).toEqual({ tenantId, status: 'done' });
    }
  });

  it('gives each tenant its own signatures-drift-<day> job and task', async () => {
    await enqueueDailyDriftChecks(env.deps);
    await env.deps.tasks.drain();
    const day = env.deps.now().toISOString().slice(0, 10);
    for (const tenantId of TENANTS) {
      expect({ tenantId, status: (await getJob(env.deps, tenantId, `signatures-drift-${day}`)).status }).toEqual({ tenantId, status: 'done' });
    }
  });
});
