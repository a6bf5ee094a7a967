import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BURST } from '../../functions/src/alerts/detectors.js';
import { watchJob } from '../../functions/src/alerts/watch.js';
import { startJob } from '../../functions/src/jobs/job-store.js';
import { JobHeldError, type JobControl } from '../../functions/src/jobs/job-control.js';
import { jobs } from '../../functions/src/tasks/job-handlers.js';
import { runTask } from '../../functions/src/tasks/run-task.js';
import { startSmtpCatcher } from '../support/smtp-catcher.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/** Issue 23 item 1: the detectors, each from a scripted sequence of API calls; the Alerts routes. */
let env: TestEnv;
let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
let ownerToken: string;
let adminToken: string;
let initechAdminToken: string;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  env = await createTestEnv({ env: { SMTP_URL: smtp.url } });
  ownerToken = await env.token(DEMO.acmeOwner);
  adminToken = await env.token(DEMO.acmeAdmin);
  initechAdminToken = await env.token(DEMO.initechAdmin);
});
afterAll(async () => smtp?.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
type Listed = { id: string; title: string; details: string; severity: string; actorName: string | null; aboutName: string | null; mailed: boolean; acknowledged: { byName: string | null } | null };
async function alerts(token = adminToken): Promise<Listed[]> {
  await env.deps.tasks.drain();
  const res = await env.http.get('/api/alerts').set(bearer(token));
  expect(res.status).toBe(200);
  return res.body.alerts as Listed[];
}
const titled = async (words: string) => (await alerts()).filter((a) => a.title.includes(words));
const acmeUserIds = async (n: number) => (await env.deps.db.collection('tenants/acme/users').limit(n).get()).docs.map((d) => d.id);

describe('alert detectors', () => {
  it('stays quiet for ordinary work: a couple of exports, a new viewer', async () => {
    const before = smtp.mails.length;
    const [a, b] = await acmeUserIds(2);
    expect((await env.http.get(`/api/privacy/export/users/${a}`).set(bearer(adminToken))).status).toBe(200);
    expect((await env.http.get(`/api/privacy/export/users/${b}`).set(bearer(adminToken))).status).toBe(200);
    const colleague = await env.account({ domain: 'acme.example' });
    await env.http.put(`/api/members/${colleague.uid}`).set(bearer(adminToken)).send({ role: 'viewer' });
    expect(await alerts()).toEqual([]);
    expect(smtp.mails.length).toBe(before);
  });

  it(`raises one alert for a burst of ${BURST.count} exports or erasures by one account, mailed to the owners without any employee's data`, async () => {
    const ids = await acmeUserIds(BURST.count + 2);
    for (const id of ids) expect((await env.http.get(`/api/privacy/export/users/${id}`).set(bearer(adminToken))).status).toBe(200);
    const found = await titled('Many exports or erasures');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'critical', actorName: expect.stringMatching(/admin@acme\.example|.+/) });
    const mail = smtp.mails.find((m) => m.raw.includes('Many exports or erasures'))!;
    expect(mail.to).toEqual([DEMO.acmeOwner]);
    // No employee's id, name or address: only the role, the count and the threshold.
    const body = mail.raw.slice(mail.raw.indexOf('\r\n\r\n'));
    for (const id of ids) expect(body).not.toContain(id);
    expect(body).not.toMatch(/acme\.example/);
    expect(body).toContain(`ran ${BURST.count} exports or erasures within ${BURST.minutes} minutes`);
    expect(found[0]!.mailed).toBe(true);
  });

  it('raises an alert for a new admin', async () => {
    const colleague = await env.account({ domain: 'acme.example' });
    const res = await env.http.put(`/api/members/${colleague.uid}`).set(bearer(ownerToken)).send({ role: 'admin' });
    expect(res.status).toBe(200);
    const found = await titled('A new admin');
    expect(found).toHaveLength(1);
    expect(found[0]!.details).toContain('given the role admin');
    expect(found[0]).toMatchObject({ aboutName: colleague.email });
    // The mail names nobody: the console does, to those who may see members.
    const mail = smtp.mails.find((m) => m.raw.includes('A new admin'))!;
    expect(mail.raw.slice(mail.raw.indexOf('\r\n\r\n'))).not.toContain(colleague.email);
    expect(smtp.mails.some((m) => m.raw.includes('A new admin'))).toBe(true);
  });

  it('raises an alert when a domain is added', async () => {
    const res = await env.http.post('/api/tenant/domains').set(bearer(ownerToken)).send({ domain: 'acme-new-brand.example' });
    expect(res.status).toBe(201);
    const found = await titled('A domain was added');
    expect(found.map((a) => a.title)).toEqual(['A domain was added: acme-new-brand.example']);
  });

  it('raises an alert for a directory sync held for mass removal, and for a deployment failing for most users; not for a healthy one', async () => {
    // The job outcomes as the sync and the deploy leave them (their own tests drive Google's fakes).
    const held = await env.deps.db.collection('tenants/acme/jobs').add({ kind: 'directory.sync', status: 'held', progress: { done: 0, total: null }, counts: { pendingRemovals: 20 }, error: { code: 'mass_removal', message: 'held' }, cursor: null, createdBy: 'system', attempts: 1, lease: null, createdAt: new Date(), updatedAt: new Date(), expireAt: new Date(Date.now() + 86_400_000) });
    const failing = await env.deps.db.collection('tenants/acme/jobs').add({ kind: 'signatures.deploy', status: 'done', progress: { done: 10, total: 10 }, counts: { pushed: 2, failed: 8, unchanged: 0 }, error: null, cursor: null, createdBy: 'system', attempts: 1, lease: null, createdAt: new Date(), updatedAt: new Date(), expireAt: new Date(Date.now() + 86_400_000) });
    const healthy = await env.deps.db.collection('tenants/acme/jobs').add({ kind: 'signatures.deploy', status: 'done', progress: { done: 10, total: 10 }, counts: { pushed: 9, failed: 1, unchanged: 0 }, error: null, cursor: null, createdBy: 'system', attempts: 1, lease: null, createdAt: new Date(), updatedAt: new Date(), expireAt: new Date(Date.now() + 86_400_000) });
    for (const [ref, kind] of [[held, 'directory.sync'], [failing, 'signatures.deploy'], [healthy, 'signatures.deploy']] as const) await watchJob(env.deps, 'acme', ref.id, kind);
    expect(await titled('directory sync stopped')).toHaveLength(1);
    expect((await titled('deployment failed for most users')).map((a) => a.details)).toEqual(['A signature deployment failed for 8 of the 10 users it tried. The Deployment screen lists who and why.']);
  });

  it('the task runner hands a held job to the detectors', async () => {
    const jobId = await startJob(env.deps, { tenantId: 'initech', kind: 'directory.sync', createdBy: 'system', payload: {} as never, jobId: 'held-sync-initech' });
    await env.deps.tasks.drain();
    // The real sync of a tenant with no source holds for another reason: quiet. A handler that holds for mass removal alerts.
    const registry = {
      ...jobs,
      'directory.sync': {
        ...jobs['directory.sync'],
        load: async () => async (_d: unknown, _p: unknown, job: JobControl) => {
          await job.checkpoint(null, { counts: { pendingRemovals: 12 } });
          throw new JobHeldError('mass_removal', 'held');
        },
      },
    };
    await env.deps.db.doc(`tenants/initech/jobs/${jobId}`).update({ status: 'queued' });
    await runTask(env.deps, 'directory.sync', { tenantId: 'initech', jobId }, 2, registry as never);
    const found = (await alerts(initechAdminToken)).filter((a) => a.title.includes('directory sync stopped'));
    expect(found).toHaveLength(1);
    expect(found[0]!.details).toContain('found 12 users no longer in the source');
  });
});

describe('the Alerts routes', () => {
  it("acknowledges an alert once, audited; another tenant's admin can neither see nor acknowledge it", async () => {
    const [first] = await alerts();
    expect(first).toBeDefined();
    expect((await alerts(initechAdminToken)).map((a) => a.id)).not.toContain(first!.id);
    const foreign = await env.http.post(`/api/alerts/${first!.id}/acknowledge`).set(bearer(initechAdminToken)).send({});
    expect(foreign.status).toBe(404);
    expect((await env.deps.db.doc(`tenants/acme/alerts/${first!.id}`).get()).get('acknowledgedAt')).toBeNull();

    const ack = await env.http.post(`/api/alerts/${first!.id}/acknowledge`).set(bearer(adminToken)).send({});
    expect(ack.status).toBe(200);
    expect((await env.http.post(`/api/alerts/${first!.id}/acknowledge`).set(bearer(adminToken)).send({})).status).toBe(200);
    const listed = (await alerts()).find((a) => a.id === first!.id)!;
    expect(listed.acknowledged).toMatchObject({ byName: expect.any(String) });
    const audit = await env.deps.db.collection('tenants/acme/audit').where('action', '==', 'alerts.acknowledge').get();
    expect(audit.docs.map((d) => d.data().target)).toEqual([{ type: 'alert', id: first!.id }]);
  });

  it('is for admins and owners only', async () => {
    const editor = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'editor' });
    expect((await env.http.get('/api/alerts').set(bearer(editor.token))).status).toBe(403);
  });
});
