import { Timestamp } from 'firebase-admin/firestore';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { JobDefinition } from '../../functions/src/tasks/job-handlers.js';
import { JobHeldError } from '../../functions/src/jobs/job-control.js';
import { getJob, startJob } from '../../functions/src/jobs/job-store.js';
import { runTask } from '../../functions/src/tasks/run-task.js';
import { startLocalScheduler } from '../../functions/src/local/local-scheduler.js';
import { writeAudit } from '../../functions/src/audit/write-audit.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});

const payload = z.object({ tenantId: z.string(), jobId: z.string().optional() });
function testJob(run: JobDefinition<typeof payload>['load'] extends () => Promise<infer H> ? H : never): Record<string, JobDefinition<z.ZodType>> {
  return {
    'retention.sweep': {
      description: 'test job',
      payload,
      retry: { maxAttempts: 3, minBackoffSeconds: 1, maxBackoffSeconds: 1, maxDoublings: 0 },
      timeoutSeconds: 60,
      maxConcurrentDispatches: 1,
      load: async () => run,
    } as JobDefinition<z.ZodType>,
  };
}

async function queuedJob(): Promise<string> {
  const ref = env.deps.db.collection('tenants/acme/jobs').doc();
  const now = new Date();
  await ref.set({ kind: 'retention.sweep', status: 'queued', progress: { done: 0, total: null }, counts: {}, error: null, cursor: null, createdBy: 'demo-acme-admin', attempts: 0, createdAt: now, updatedAt: now, expireAt: now });
  return ref.id;
}

describe('job lifecycle', () => {
  it('runs a job to done with progress, and ignores a second delivery', async () => {
    let runs = 0;
    const registry = testJob(async (_deps, _p, job) => {
      runs++;
      await job.checkpoint('page-2', { done: 5, total: 10, counts: { updated: 5 } });
      await job.progress(10, 10);
    });
    const jobId = await queuedJob();
    await runTask(env.deps, 'retention.sweep', { tenantId: 'acme', jobId }, 1, registry);
    await runTask(env.deps, 'retention.sweep', { tenantId: 'acme', jobId }, 1, registry);
    expect(runs).toBe(1);
    const view = await getJob(env.deps, 'acme', jobId);
    expect(view).toMatchObject({ status: 'done', progress: { done: 10, total: 10 }, counts: { updated: 5 }, error: null });

    const res = await env.http.get(`/api/jobs/${jobId}`).set('Authorization', `Bearer ${await env.token(DEMO.acmeAdmin)}`);
    expect(res.body).toMatchObject({ id: jobId, kind: 'retention.sweep', status: 'done', progress: { done: 10, total: 10 } });
  });

  it('resumes a retried delivery from the saved cursor, then fails for good after the last attempt', async () => {
    const cursors: (string | null)[] = [];
    const registry = testJob(async (_deps, _p, job) => {
      cursors.push(job.cursor);
      await job.checkpoint(`page-${job.attempt + 1}`);
      throw new Error('source unavailable');
    });
    const jobId = await queuedJob();
    for (const attempt of [1, 2]) await expect(runTask(env.deps, 'retention.sweep', { tenantId: 'acme', jobId }, attempt, registry)).rejects.toThrow();
    expect((await getJob(env.deps, 'acme', jobId)).status).toBe('queued');
    await runTask(env.deps, 'retention.sweep', { tenantId: 'acme', jobId }, 3, registry);
    expect(cursors).toEqual([null, 'page-2', 'page-3']);
    const view = await getJob(env.deps, 'acme', jobId);
    expect(view.status).toBe('failed');
    expect(view.error?.message).not.toContain('source unavailable');
  });

  it('holds a job that asks for an admin, and does not run it again', async () => {
    let runs = 0;
    const registry = testJob(async () => {
      runs++;
      throw new JobHeldError('needs_confirmation', 'would remove 40% of users');
    });
    const jobId = await queuedJob();
    await runTask(env.deps, 'retention.sweep', { tenantId: 'acme', jobId }, 1, registry);
    await runTask(env.deps, 'retention.sweep', { tenantId: 'acme', jobId }, 2, registry);
    expect(runs).toBe(1);
    expect(await getJob(env.deps, 'acme', jobId)).toMatchObject({ status: 'held', error: { code: 'needs_confirmation' } });
  });
});

describe('retention backstop', () => {
  it('deletes expired audit entries and jobs, keeps the rest, through the daily schedule', async () => {
    const actor = { uid: 'demo-acme-admin', role: 'admin' as const };
    const fresh = await writeAudit(env.deps, { tenantId: 'acme', actor, action: 'recipients.read', target: null });
    const old = await env.deps.db.collection('tenants/acme/audit').add({
      actor,
      action: 'users.read',
      target: null,
      meta: {},
      at: Timestamp.fromMillis(Date.now() - 400 * 86_400_000),
      expireAt: Timestamp.fromMillis(Date.now() - 35 * 86_400_000),
    });
    const expiredJob = await startJob(env.deps, { tenantId: 'initech', kind: 'retention.sweep', createdBy: 'x', payload: {} });
    await env.deps.tasks.drain();
    await env.deps.db.doc(`tenants/initech/jobs/${expiredJob}`).update({ expireAt: new Date(Date.now() - 1000) });

    const scheduler = startLocalScheduler(env.deps);
    await scheduler.runNow('retentionDaily');
    scheduler.stop();
    await env.deps.tasks.drain();

    expect((await env.deps.db.doc(`tenants/acme/audit/${fresh}`).get()).exists).toBe(true);
    expect((await old.get()).exists).toBe(false);
    expect((await env.deps.db.doc(`tenants/initech/jobs/${expiredJob}`).get()).exists).toBe(false);
    expect(env.deps.tasks.deadLetters).toEqual([]);
  });
});
