import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { JobDefinition } from '../../functions/src/tasks/job-handlers.js';
import { getJob } from '../../functions/src/jobs/job-store.js';
import { runTask } from '../../functions/src/tasks/run-task.js';
import { fakeGoogleUsers, startFakeGoogle } from '../fakes/google-directory-fake.js';
import { createSyncTenant } from '../support/directory-helpers.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

/**
 * A running job holds a lease (the function's timeout plus a margin). A delivery that died on its
 * last attempt used to leave the job `running` for good, and a running sync blocks every next sync.
 */
let env: TestEnv;
let fake: Awaited<ReturnType<typeof startFakeGoogle>>;
const TENANT = 'leasecorp';
const MINUTE = 60_000;

beforeAll(async () => {
  fake = await startFakeGoogle({ users: fakeGoogleUsers(2, `${TENANT}.example`), pageSize: 50 });
  env = await createTestEnv({ env: fake.env() });
  await createSyncTenant(env.deps, TENANT, { google: { customerId: 'my_customer', adminEmail: `it-admin@${TENANT}.example` } });
});
afterAll(() => fake.close());

async function runningJob(jobId: string, kind: string, fields: { lease: { attempt: number; until: Date } | null; updatedAt: Date }) {
  const now = new Date();
  await env.deps.db.doc(`tenants/${TENANT}/jobs/${jobId}`).set({
    kind, status: 'running', progress: { done: 3, total: null }, counts: {}, error: null, cursor: 'page-2', createdBy: 'system:schedule', attempts: 5,
    createdAt: now, expireAt: new Date(now.getTime() + 90 * 24 * 60 * MINUTE), ...fields,
  });
}

async function startSyncAsAdmin() {
  const admin = await env.account({ domain: `${TENANT}.example`, tenantId: TENANT, role: 'admin' });
  return env.http.post('/api/directory/sync').set('Authorization', `Bearer ${admin.token}`).send({});
}

describe('a running sync whose delivery died', () => {
  it('blocks the next sync while its lease runs, then no longer: it is marked interrupted and a new sync starts', async () => {
    await runningJob('sync-dead', 'directory.sync', { lease: { attempt: 5, until: new Date(Date.now() + 10 * MINUTE) }, updatedAt: new Date() });
    const blocked = await startSyncAsAdmin();
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toMatch(/^A sync is already running/);
    // Blocked by that job, whose lease still runs: it is left running, not marked interrupted.
    expect(await getJob(env.deps, TENANT, 'sync-dead')).toMatchObject({ status: 'running' });

    await env.deps.db.doc(`tenants/${TENANT}/jobs/sync-dead`).update({ 'lease.until': new Date(Date.now() - 1000) });
    const started = await startSyncAsAdmin();
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await env.deps.tasks.drain();
    expect(await getJob(env.deps, TENANT, 'sync-dead')).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });
    expect((await getJob(env.deps, TENANT, started.body.jobId as string)).status).toBe('done');
  });

  it('a job left running from before leases existed counts as lapsed once its timeout has passed since its last update', async () => {
    await runningJob('sync-legacy', 'directory.sync', { lease: null, updatedAt: new Date(Date.now() - 2 * 60 * MINUTE) });
    const started = await startSyncAsAdmin();
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await env.deps.tasks.drain();
    expect((await getJob(env.deps, TENANT, 'sync-legacy')).status).toBe('failed');
  });
});

describe('deliveries of a running job', () => {
  const payload = z.object({ tenantId: z.string(), jobId: z.string().optional() });
  const runs: number[] = [];
  const registry = {
    'retention.sweep': {
      description: 'test job',
      payload,
      retry: { maxAttempts: 5, minBackoffSeconds: 1, maxBackoffSeconds: 1, maxDoublings: 0 },
      timeoutSeconds: 300,
      maxConcurrentDispatches: 1,
      load: async () => async (_deps: unknown, _p: unknown, job: { attempt: number }) => {
        runs.push(job.attempt);
      },
    },
  } as unknown as Record<string, JobDefinition<z.ZodType>>;

  it('a duplicate dispatch leaves the job to the delivery holding it; a retry takes it over', async () => {
    await runningJob('sweep-held', 'retention.sweep', { lease: { attempt: 2, until: new Date(Date.now() + 5 * MINUTE) }, updatedAt: new Date() });
    await runTask(env.deps, 'retention.sweep', { tenantId: TENANT, jobId: 'sweep-held' }, 2, registry);
    expect(runs).toEqual([]);
    expect((await getJob(env.deps, TENANT, 'sweep-held')).status).toBe('running');

    await runTask(env.deps, 'retention.sweep', { tenantId: TENANT, jobId: 'sweep-held' }, 3, registry);
    expect(runs).toEqual([3]);
    const done = await env.deps.db.doc(`tenants/${TENANT}/jobs/sweep-held`).get();
    expect(done.get('status')).toBe('done');
    expect(done.get('lease')).toBeNull();
  });

  it('takes a lease for the timeout plus a margin when it starts', async () => {
    const started = Date.now();
    await runningJob('sweep-lapsed', 'retention.sweep', { lease: { attempt: 4, until: new Date(started - 1000) }, updatedAt: new Date(started - 10 * MINUTE) });
    await env.deps.db.doc(`tenants/${TENANT}/jobs/sweep-lapsed`).update({ status: 'queued' });
    let leaseSeen: { attempt: number; until: { toMillis(): number } } | undefined;
    const watching = {
      ...registry,
      'retention.sweep': {
        ...registry['retention.sweep']!,
        load: async () => async () => {
          leaseSeen = (await env.deps.db.doc(`tenants/${TENANT}/jobs/sweep-lapsed`).get()).get('lease');
        },
      },
    } as Record<string, JobDefinition<z.ZodType>>;
    await runTask(env.deps, 'retention.sweep', { tenantId: TENANT, jobId: 'sweep-lapsed' }, 1, watching);
    expect(leaseSeen?.attempt).toBe(1);
    // retention.sweep's real timeout (540 s) plus the 60 s margin: the lease follows the job catalog.
    const until = leaseSeen!.until.toMillis() - started;
    expect(until).toBeGreaterThanOrEqual(600_000 - 5000);
    expect(until).toBeLessThanOrEqual(600_000 + 5000);
  });
});
