import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTaskQueue } from '../../functions/src/platform/cloud-task-queue.js';
import { json, startHttpFake, type RecordedRequest } from '../fakes/http-fake.js';

/**
 * The production task queue, through the real firebase-admin client, against a local server that
 * answers like the Cloud Tasks emulator (CLOUD_TASKS_EMULATOR_HOST): what is enqueued, where, and
 * that a task id seen before (409) counts as already enqueued.
 */
let fake: Awaited<ReturnType<typeof startHttpFake>>;
let app: App;
const seen = new Set<string>();

beforeAll(async () => {
  fake = await startHttpFake((req: RecordedRequest, res) => {
    const name = (JSON.parse(req.body) as { task: { name?: string } }).task.name;
    if (name && seen.has(name)) return json(res, 409, { error: { status: 'ALREADY_EXISTS', message: 'task exists' } });
    if (name) seen.add(name);
    json(res, 200, { name: name ?? 'generated' });
  });
  process.env.CLOUD_TASKS_EMULATOR_HOST = new URL(fake.url).host;
  // A service account id up front: no lookup of the GCE metadata server.
  app = initializeApp({ projectId: 'demo-herald', serviceAccountId: 'tasks@demo-herald.iam.gserviceaccount.com' }, `tasks-${Date.now()}`);
});

afterAll(async () => {
  delete process.env.CLOUD_TASKS_EMULATOR_HOST;
  await deleteApp(app);
  await fake.close();
});

describe('CloudTaskQueue', () => {
  it("enqueues a job's payload on its onTaskDispatched function's queue, in this region", async () => {
    const queue = new CloudTaskQueue(app, 'europe-west1');
    await queue.enqueue('retention.sweep', { tenantId: 'acme' }, { delaySeconds: 30 });
    const req = fake.requests.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/projects/demo-herald/locations/europe-west1/queues/tasks-retentionSweep/tasks');
    const task = (JSON.parse(req.body) as { task: { httpRequest: { body: string; oidcToken?: { serviceAccountEmail: string } }; scheduleTime?: string } }).task;
    expect(task.httpRequest.oidcToken?.serviceAccountEmail).toBe('tasks@demo-herald.iam.gserviceaccount.com');
    expect(JSON.parse(Buffer.from(task.httpRequest.body, 'base64').toString('utf8'))).toEqual({ data: { tenantId: 'acme' } });
    expect(Date.parse(task.scheduleTime!)).toBeGreaterThan(Date.now() + 20_000);
  });

  it('treats a task id that already exists as enqueued (a retried enqueue is harmless)', async () => {
    const queue = new CloudTaskQueue(app, 'us-central1');
    const before = fake.requests.length;
    await queue.enqueue('privacy.purge', { tenantId: 'acme', jobId: 'job1', subject: { kind: 'tenant' }, reason: 'uninstall' }, { id: 'job1' });
    await expect(queue.enqueue('privacy.purge', { tenantId: 'acme', jobId: 'job1', subject: { kind: 'tenant' }, reason: 'uninstall' }, { id: 'job1' })).resolves.toBeUndefined();
    expect(fake.requests.length - before).toBe(2);
    const last = fake.requests.at(-1)!;
    expect(last.path).toBe('/projects/demo-herald/locations/us-central1/queues/tasks-privacyPurge/tasks');
    expect((JSON.parse(last.body) as { task: { name: string } }).task.name).toBe('projects/demo-herald/locations/us-central1/queues/tasks-privacyPurge/tasks/t4_acme_job1');
  });

  it("puts the tenant in every task id: two tenants' jobs with the same id are two tasks", async () => {
    const queue = new CloudTaskQueue(app, 'europe-west1');
    const before = fake.requests.length;
    for (const tenantId of ['acme', 'initech', 'acme-x', 'acme_x']) {
      await queue.enqueue('directory.sync', { tenantId, jobId: 'sync-2026-12-01' }, { id: 'sync-2026-12-01' });
    }
    // Tenant ids may hold - and _: the length prefix keeps `acme-x` + key apart from `acme` + `x-key`.
    await queue.enqueue('directory.sync', { tenantId: 'acme', jobId: 'x-sync-2026-12-01' }, { id: 'x-sync-2026-12-01' });
    const names = fake.requests.slice(before).map((r) => (JSON.parse(r.body) as { task: { name: string } }).task.name.split('/').at(-1));
    expect(names).toEqual(['t4_acme_sync-2026-12-01', 't7_initech_sync-2026-12-01', 't6_acme-x_sync-2026-12-01', 't6_acme_x_sync-2026-12-01', 't4_acme_x-sync-2026-12-01']);
    expect(new Set(names).size).toBe(names.length);
  });

  it("gives Cloud Tasks the job's timeout as its dispatch deadline, so it does not retry a delivery still running", async () => {
    const queue = new CloudTaskQueue(app, 'europe-west1');
    await queue.enqueue('directory.sync', { tenantId: 'acme' });
    expect((JSON.parse(fake.requests.at(-1)!.body) as { task: { dispatchDeadline: string } }).task.dispatchDeadline).toBe('1800s');
    await queue.enqueue('privacy.access-review', { tenantId: 'acme' });
    expect((JSON.parse(fake.requests.at(-1)!.body) as { task: { dispatchDeadline: string } }).task.dispatchDeadline).toBe('300s');
  });
});
