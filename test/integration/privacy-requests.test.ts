import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Timestamp } from 'firebase-admin/firestore';
import { recipientHash } from '../../functions/src/privacy/recipient-hash.js';
import { sweepExpired } from '../../functions/src/privacy/sweep-expired.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * Data-subject requests (issue 23, item 5) through the API app as Cloud Functions runs it, on the
 * Firestore and Auth emulators, with the clock of the deps set per test ("today" is its UTC day).
 */
let env: TestEnv;
let admin: string;
let owner: string;
let initech: string;
let clock = new Date('2026-12-02T10:00:00Z');
const T = 'acme';

beforeAll(async () => {
  env = await createTestEnv({ now: () => clock });
  admin = await env.token(DEMO.acmeAdmin);
  owner = await env.token(DEMO.acmeOwner);
  initech = await env.token(DEMO.initechAdmin);
});

afterAll(() => {
  clock = new Date('2026-12-02T10:00:00Z');
});

const as = (token: string) => ({
  get: (path: string) => env.http.get(`/api${path}`).set('Authorization', `Bearer ${token}`),
  post: (path: string, body: object = {}) => env.http.post(`/api${path}`).set('Authorization', `Bearer ${token}`).send(body),
});

async function log(body: Record<string, unknown>, token = admin) {
  const res = await as(token).post('/privacy/requests', { channel: 'email', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; deadline: string; person: { kind: string; inDirectory: boolean } };
}

/** A directory employee of Acme with an Auth account, as the purge tests make them. */
async function employee(tag: string) {
  const account = await env.account({ domain: 'acme.example', tenantId: T, role: 'user' });
  const userId = `u-dsr-${tag}-${Math.random().toString(36).slice(2, 8)}`;
  const now = new Date();
  await env.deps.db.doc(`tenants/${T}/users/${userId}`).set({
    email: account.email, firstName: 'Robin', lastName: `Sample ${tag}`, title: '', workPhone: '', mobilePhone: '', addresses: [], groups: [],
    source: 'csv', contentHash: 'a'.repeat(64), overrides: {}, createdAt: now, updatedAt: now,
  });
  return { ...account, userId };
}

async function auditActions(requestId: string) {
  const snap = await env.deps.db.collection(`tenants/${T}/audit`).where('target.id', '==', requestId).get();
  return snap.docs.map((d) => d.get('action') as string).sort();
}

describe('logging a request', () => {
  it('computes the one-month deadline and says who the person is: in the directory, on a verified domain, or anyone', async () => {
    clock = new Date('2026-12-02T10:00:00Z');
    const staff = await employee('log');
    const inDirectory = await log({ type: 'access', person: { email: staff.email.toUpperCase() }, receivedOn: '2026-11-30', note: 'Asked by email for a copy' });
    expect(inDirectory).toMatchObject({ deadline: '2026-12-30', originalDeadline: '2026-12-30', person: { kind: 'employee', inDirectory: true, email: staff.email, name: 'Robin Sample log' }, status: 'open', due: { daysLeft: 28, state: 'on_time' } });
    const byId = await log({ type: 'rectification', person: { userId: staff.userId }, receivedOn: '2026-11-02', channel: 'letter' });
    expect(byId).toMatchObject({ deadline: '2026-12-02', person: { kind: 'employee', inDirectory: true, email: staff.email } });
    const colleague = await log({ type: 'objection', person: { email: 'former.staff@acme.example', name: 'Former Staff' }, receivedOn: '2026-11-20' });
    expect(colleague.person).toMatchObject({ kind: 'colleague', inDirectory: false, name: 'Former Staff' });
    const outsider = await log({ type: 'erasure', person: { email: 'someone@elsewhere.example' }, receivedOn: '2026-12-02', channel: 'web_form' });
    expect(outsider.person).toMatchObject({ kind: 'external', inDirectory: false });

    // The record keeps ids and a keyed hash only; the address, name and note are in the contact.
    const record = (await env.deps.db.doc(`tenants/${T}/dataSubjectRequests/${inDirectory.id}`).get()).data()!;
    expect(record).toMatchObject({ subjectUserId: staff.userId, subjectHash: recipientHash(env.deps.config, staff.email), expireAt: null });
    expect(JSON.stringify(record)).not.toContain(staff.email);
    expect(JSON.stringify(record)).not.toContain('Asked by email');
    const contact = (await env.deps.db.doc(`tenants/${T}/dataSubjectContacts/${inDirectory.id}`).get()).data()!;
    expect(contact).toMatchObject({ email: staff.email, userId: staff.userId, note: 'Asked by email for a copy', expireAt: null });
    expect(await auditActions(inDirectory.id)).toEqual(['privacy.request_log']);
    const entry = (await env.deps.db.collection(`tenants/${T}/audit`).where('target.id', '==', inDirectory.id).get()).docs[0]!.data();
    expect(JSON.stringify(entry)).not.toContain(staff.email);
  });

  it('refuses bad input in words, naming each field', async () => {
    clock = new Date('2026-12-02T10:00:00Z');
    const future = await as(admin).post('/privacy/requests', { type: 'access', person: { email: 'a@elsewhere.example' }, receivedOn: '2026-12-05', channel: 'email' });
    expect(future.status).toBe(400);
    expect(future.body.error.fields).toEqual([expect.objectContaining({ field: 'body.receivedOn', label: 'Received on', message: 'cannot be in the future' })]);
    const notADay = await as(admin).post('/privacy/requests', { type: 'access', person: { email: 'a@elsewhere.example' }, receivedOn: '2026-02-30', channel: 'email' });
    expect(notADay.body.error.fields[0]).toMatchObject({ field: 'body.receivedOn', message: 'is not a day of the calendar' });
    const both = await as(admin).post('/privacy/requests', { type: 'nonsense', person: { userId: 'u1', email: 'a@elsewhere.example' }, receivedOn: '2026-12-01', channel: 'email' });
    expect(both.status).toBe(400);
    const fields = both.body.error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['body.type', 'body.person.email']));
    expect(both.body.error.message).not.toMatch(/zod|expected|Invalid/);
    const stranger = await as(admin).post('/privacy/requests', { type: 'access', person: { userId: 'no-such-user' }, receivedOn: '2026-12-01', channel: 'email' });
    expect(stranger.body.error.fields[0]).toMatchObject({ field: 'body.person.userId', message: 'is not in your directory' });
    expect((await env.deps.db.collection(`tenants/${T}/dataSubjectRequests`).where('receivedOn', '==', '2026-12-05').get()).size).toBe(0);
  });
});

describe('what is due', () => {
  it('lists open requests by deadline, marking overdue and due within 7 days, and the closed ones apart', async () => {
    clock = new Date('2026-12-02T10:00:00Z');
    const t = initech;
    const onTime = await log({ type: 'access', person: { email: 'p1@elsewhere.example' }, receivedOn: '2026-11-25' }, t);
    const overdue = await log({ type: 'access', person: { email: 'p2@elsewhere.example' }, receivedOn: '2026-10-31' }, t);
    const soon = await log({ type: 'objection', person: { email: 'p3@elsewhere.example' }, receivedOn: '2026-11-08' }, t);
    const today = await log({ type: 'objection', person: { email: 'p4@elsewhere.example' }, receivedOn: '2026-11-02' }, t);
    const closed = await log({ type: 'objection', person: { email: 'p5@elsewhere.example' }, receivedOn: '2026-09-30' }, t);
    expect((await as(t).post(`/privacy/requests/${closed.id}/close`, { outcome: 'withdrawn' })).status).toBe(200);

    const list = await as(t).get('/privacy/requests');
    expect(list.status).toBe(200);
    expect(list.body.today).toBe('2026-12-02');
    const open = list.body.open.filter((r: { id: string }) => [onTime.id, overdue.id, soon.id, today.id].includes(r.id));
    expect(open.map((r: { id: string }) => r.id)).toEqual([overdue.id, today.id, soon.id, onTime.id]);
    expect(open.map((r: { deadline: string; due: unknown }) => [r.deadline, r.due])).toEqual([
      ['2026-11-30', { daysLeft: -2, state: 'overdue' }],
      ['2026-12-02', { daysLeft: 0, state: 'due_today' }],
      ['2026-12-08', { daysLeft: 6, state: 'due_soon' }],
      ['2026-12-25', { daysLeft: 23, state: 'on_time' }],
    ]);
    expect(list.body.open.map((r: { id: string }) => r.id)).not.toContain(closed.id);
    expect(list.body.closed[0]).toMatchObject({ id: closed.id, status: 'closed', outcome: 'withdrawn', due: null });
    // Only its own tenant's requests.
    const acme = await as(admin).get('/privacy/requests');
    expect([...acme.body.open, ...acme.body.closed].map((r: { id: string }) => r.id)).not.toContain(onTime.id);
  });
});

describe('the deadline extension', () => {
  it('extends once, within the first month, by one or two further months with the reason, audited', async () => {
    clock = new Date('2026-02-10T09:00:00Z');
    const r = await log({ type: 'access', person: { email: 'late.winter@elsewhere.example' }, receivedOn: '2026-01-31' });
    expect(r.deadline).toBe('2026-02-28');
    const short = await as(admin).post(`/privacy/requests/${r.id}/extend`, { months: 2, reason: 'busy' });
    expect(short.status).toBe(400);
    expect(short.body.error.fields[0]).toMatchObject({ field: 'body.reason', label: 'Reason for the extension' });
    const extended = await as(admin).post(`/privacy/requests/${r.id}/extend`, { months: 2, reason: 'Many requests arrived together this month' });
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ originalDeadline: '2026-02-28', deadline: '2026-04-28', extension: { months: 2, reason: 'Many requests arrived together this month' }, mayExtend: false });
    const again = await as(admin).post(`/privacy/requests/${r.id}/extend`, { months: 1, reason: 'Still more requests arriving' });
    expect(again.status).toBe(412);
    expect(await auditActions(r.id)).toEqual(['privacy.request_extend', 'privacy.request_log']);

    // After the first month an extension can no longer be told in time.
    clock = new Date('2026-03-02T09:00:00Z');
    const lapsed = await log({ type: 'access', person: { email: 'lapsed@elsewhere.example' }, receivedOn: '2026-01-30' });
    expect(lapsed).toMatchObject({ deadline: '2026-02-28', mayExtend: false, due: { daysLeft: -2, state: 'overdue' } });
    const refused = await as(admin).post(`/privacy/requests/${lapsed.id}/extend`, { months: 1, reason: 'We were too busy to answer' });
    expect(refused.status).toBe(412);
    expect(refused.body.error.message).toContain('within one month');
    clock = new Date('2026-12-02T10:00:00Z');
  });
});

describe('roles and tenants', () => {
  it('lets only admins and owners log, read and change requests', async () => {
    const r = await log({ type: 'objection', person: { email: 'roles@elsewhere.example' }, receivedOn: '2026-11-30' }, owner);
    for (const role of ['viewer', 'editor', 'user'] as const) {
      const { token } = await env.account({ domain: 'acme.example', tenantId: T, role });
      expect((await as(token).post('/privacy/requests', { type: 'access', person: { email: 'x@elsewhere.example' }, receivedOn: '2026-11-30', channel: 'email' })).status, role).toBe(403);
      expect((await as(token).get('/privacy/requests')).status, role).toBe(403);
      expect((await as(token).post(`/privacy/requests/${r.id}/close`, { outcome: 'withdrawn' })).status, role).toBe(403);
    }
    expect((await as(admin).get(`/privacy/requests/${r.id}`)).status).toBe(200);
  });

  it("never lets another tenant's admin read, answer, link or close a request, nor link another tenant's erasure", async () => {
    const staff = await employee('seam');
    const r = await log({ type: 'erasure', person: { email: staff.email }, receivedOn: '2026-11-30' });
    const before = (await env.deps.db.doc(`tenants/${T}/dataSubjectRequests/${r.id}`).get()).data();
    for (const [method, path, body] of [
      ['get', `/privacy/requests/${r.id}`],
      ['get', `/privacy/requests/${r.id}/answers`],
      ['post', `/privacy/requests/${r.id}/extend`, { months: 2, reason: 'Trying to change Acme' }],
      ['post', `/privacy/requests/${r.id}/export`],
      ['post', `/privacy/requests/${r.id}/erase`],
      ['post', `/privacy/requests/${r.id}/link`, { kind: 'erasure', deletionId: 'acme-anything' }],
      ['post', `/privacy/requests/${r.id}/close`, { outcome: 'withdrawn' }],
    ] as const) {
      const res = method === 'get' ? await as(initech).get(path) : await as(initech).post(path, body ?? {});
      expect(res.status, path).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(staff.email);
    }
    expect((await env.deps.db.doc(`tenants/${T}/dataSubjectRequests/${r.id}`).get()).data()).toEqual(before);
    expect((await env.deps.db.doc(`tenants/${T}/users/${staff.userId}`).get()).exists).toBe(true);

    // Acme's erasure certificate cannot answer Initech's request.
    const erased = await as(admin).post('/privacy/purge', { userIds: [staff.userId] });
    await env.deps.tasks.drain();
    const theirs = await log({ type: 'erasure', person: { email: 'someone@initech.example' }, receivedOn: '2026-11-30' }, initech);
    const stolen = await as(initech).post(`/privacy/requests/${theirs.id}/link`, { kind: 'erasure', deletionId: erased.body.deletionId });
    expect(stolen.status).toBe(404);
    expect(stolen.body.error.fields[0].field).toBe('body.deletionId');
  });
});

describe('answering from the request', () => {
  it("exports the person's data, links it, and the export holds the person's own requests", async () => {
    const staff = await employee('export');
    const r = await log({ type: 'access', person: { email: staff.email }, receivedOn: '2026-11-30', note: 'Wants everything' });
    const early = await as(admin).post(`/privacy/requests/${r.id}/close`, { outcome: 'answered' });
    expect(early.status).toBe(412);
    expect(early.body.error.message).toContain('Export');
    const noData = await as(admin).post(`/privacy/requests/${r.id}/close`, { outcome: 'no_data' });
    expect(noData.status).toBe(412);

    const exported = await as(admin).post(`/privacy/requests/${r.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.subject.userId).toBe(staff.userId);
    expect(exported.body.collections.users.documents[0].data.email).toBe(staff.email);
    // The person's own export reaches their request record and its contact.
    expect(exported.body.collections.dataSubjectRequests.documents.map((d: { path: string }) => d.path)).toContain(`tenants/${T}/dataSubjectRequests/${r.id}`);
    expect(exported.body.collections.dataSubjectContacts.documents[0].data).toMatchObject({ email: staff.email, note: 'Wants everything' });
    expect(exported.body.collections.dataSubjectRequests.retention).toContain('1095 days after the request is closed');

    const view = await as(admin).get(`/privacy/requests/${r.id}`);
    expect(view.body.links).toEqual([expect.objectContaining({ kind: 'export', how: 'from_request' })]);
    // Audited as every admin export is (what watches exports sees it), and as a link.
    const exports = await env.deps.db.collection(`tenants/${T}/audit`).where('target.id', '==', staff.userId).get();
    expect(exports.docs.map((d) => d.get('action'))).toContain('privacy.export_user');
    expect(await auditActions(r.id)).toEqual(['privacy.request_link', 'privacy.request_log']);

    const closed = await as(admin).post(`/privacy/requests/${r.id}/close`, { outcome: 'answered' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'answered', due: null });
    const record = (await env.deps.db.doc(`tenants/${T}/dataSubjectRequests/${r.id}`).get()).data()!;
    const closedAt = (record.closedAt as Timestamp).toMillis();
    expect((record.expireAt as Timestamp).toMillis() - closedAt).toBe(1095 * 86_400_000);
    expect(((await env.deps.db.doc(`tenants/${T}/dataSubjectContacts/${r.id}`).get()).get('expireAt') as Timestamp).toMillis() - closedAt).toBe(365 * 86_400_000);
    expect(record.openDeadline).toBeNull();
    expect((await as(admin).post(`/privacy/requests/${r.id}/extend`, { months: 1, reason: 'Changing a closed request' })).status).toBe(412);
    expect((await as(admin).post(`/privacy/requests/${r.id}/export`)).status).toBe(412);
  });

  it("erases a directory person for an erasure request: their contact goes, the record stays as proof without them", async () => {
    const staff = await employee('erase');
    const access = await log({ type: 'access', person: { email: staff.email }, receivedOn: '2026-11-30' });
    expect((await as(admin).post(`/privacy/requests/${access.id}/erase`)).status).toBe(412);

    const r = await log({ type: 'erasure', person: { email: staff.email }, receivedOn: '2026-11-30', note: 'Left the company' });
    const started = await as(admin).post(`/privacy/requests/${r.id}/erase`);
    expect(started.status).toBe(202);
    await env.deps.tasks.drain();
    expect((await env.deps.db.doc(`tenants/${T}/users/${staff.userId}`).get()).exists).toBe(false);
    await expect(env.deps.auth.getUser(staff.uid)).rejects.toMatchObject({ code: 'auth/user-not-found' });

    for (const id of [r.id, access.id]) {
      expect((await env.deps.db.doc(`tenants/${T}/dataSubjectContacts/${id}`).get()).exists).toBe(false);
      const record = (await env.deps.db.doc(`tenants/${T}/dataSubjectRequests/${id}`).get()).data()!;
      expect(record.subjectUserId).toMatch(/^pseudo_/);
      expect(record.subjectHash).toBe(recipientHash(env.deps.config, staff.email));
    }
    const view = (await as(admin).get(`/privacy/requests/${r.id}`)).body;
    expect(view.person).toEqual({ kind: 'employee', name: null, email: null, detailsKept: false, inDirectory: false, userId: null });
    expect(view.links).toEqual([expect.objectContaining({ kind: 'erasure', how: 'from_request', deletionId: started.body.deletionId, erasure: { status: 'done', verified: true } })]);
    const cert = await as(admin).get(`/privacy/deletions/${started.body.deletionId}`);
    expect(cert.body.collections.dataSubjectContacts).toEqual({ deleted: 2, pseudonymised: 0 });
    expect(cert.body.collections.dataSubjectRequests).toEqual({ deleted: 0, pseudonymised: 2 });
    expect((await as(admin).post(`/privacy/requests/${r.id}/close`, { outcome: 'answered' })).status).toBe(200);
    const audit = (await env.deps.db.collection(`tenants/${T}/audit`).where('action', '==', 'privacy.purge_users').where('target.id', '==', started.body.jobId).get()).size;
    expect(audit).toBe(1);
  });

  it("erases an outsider's recorded clicks by their address, and their contact with them", async () => {
    const email = `outsider-${Math.random().toString(36).slice(2, 8)}@elsewhere.example`;
    const r = await log({ type: 'erasure', person: { email }, receivedOn: '2026-11-30' });
    const started = await as(admin).post(`/privacy/requests/${r.id}/erase`);
    expect(started.status).toBe(202);
    await env.deps.tasks.drain();
    expect((await env.deps.db.doc(`tenants/${T}/dataSubjectContacts/${r.id}`).get()).exists).toBe(false);
    expect((await env.deps.db.doc(`tenants/${T}/dataSubjectRequests/${r.id}`).get()).get('subjectHash')).toBe(recipientHash(env.deps.config, email));
    expect((await as(admin).get(`/privacy/requests/${r.id}`)).body.links[0]).toMatchObject({ kind: 'erasure', erasure: { status: 'done' } });
    // Nothing left to erase a second time.
    expect((await as(admin).post(`/privacy/requests/${r.id}/erase`)).status).toBe(412);
  });

  it('refuses "no data held" for an outsider whose clicks Herald holds, and accepts it once they are erased', async () => {
    const email = `clicker-${Math.random().toString(36).slice(2, 8)}@elsewhere.example`;
    const now = new Date();
    await env.deps.db.collection(`tenants/${T}/recipientClicks`).add({
      userId: 'u-somebody', campaignId: 'spring-launch', recipientHash: recipientHash(env.deps.config, email), recipientSealed: 'c2VhbGVkIGZvciB0aGUgdGVzdA==', bot: false, at: now, expireAt: Timestamp.fromMillis(now.getTime() + 86_400_000),
    });
    const clicks = await env.deps.db.collection(`tenants/${T}/recipientClicks`).where('recipientHash', '==', recipientHash(env.deps.config, email)).get();
    expect(clicks.size).toBe(1);
    const r = await log({ type: 'erasure', person: { email }, receivedOn: '2026-11-30' });
    const refused = await as(admin).post(`/privacy/requests/${r.id}/close`, { outcome: 'no_data' });
    expect(refused.status).toBe(412);
    expect(refused.body.error.message).toContain('clicks');
    expect((await as(admin).post(`/privacy/requests/${r.id}/erase`)).status).toBe(202);
    await env.deps.tasks.drain();
    expect((await env.deps.db.collection(`tenants/${T}/recipientClicks`).where('recipientHash', '==', recipientHash(env.deps.config, email)).get()).size).toBe(0);
    expect((await as(admin).post(`/privacy/requests/${r.id}/close`, { outcome: 'answered' })).status).toBe(200);
  });

  it("a person's erasure run elsewhere reaches their requests too", async () => {
    const staff = await employee('elsewhere');
    const r = await log({ type: 'objection', person: { userId: staff.userId }, receivedOn: '2026-11-30' });
    await as(admin).post('/privacy/purge', { emails: [staff.email] });
    await env.deps.tasks.drain();
    expect((await env.deps.db.doc(`tenants/${T}/dataSubjectContacts/${r.id}`).get()).exists).toBe(false);
    expect((await env.deps.db.doc(`tenants/${T}/dataSubjectRequests/${r.id}`).get()).get('subjectUserId')).toMatch(/^pseudo_/);
    expect((await as(admin).get('/privacy/requests')).body.open.find((x: { id: string }) => x.id === r.id).person.detailsKept).toBe(false);
  });
});

describe('linking an earlier answer by hand', () => {
  it("links this tenant's erasure of people and this person's export, and nothing else", async () => {
    const staff = await employee('link');
    const other = await employee('link-other');
    const r = await log({ type: 'access', person: { email: staff.email }, receivedOn: '2026-11-30' });
    // An export of someone else is not an answer to this person.
    await as(admin).get(`/privacy/export/users/${other.userId}`);
    await as(admin).get(`/privacy/export/users/${staff.userId}`);
    const choices = await as(admin).get(`/privacy/requests/${r.id}/answers`);
    expect(choices.status).toBe(200);
    expect(choices.body.exports).toHaveLength(1);
    const otherExport = (await env.deps.db.collection(`tenants/${T}/audit`).where('target.id', '==', other.userId).get()).docs.find((d) => d.get('action') === 'privacy.export_user')!;
    const wrong = await as(admin).post(`/privacy/requests/${r.id}/link`, { kind: 'export', auditId: otherExport.id });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.fields[0].field).toBe('body.auditId');
    const ok = await as(admin).post(`/privacy/requests/${r.id}/link`, { kind: 'export', auditId: choices.body.exports[0].auditId });
    expect(ok.status).toBe(200);
    expect(ok.body.links).toEqual([expect.objectContaining({ kind: 'export', how: 'by_hand' })]);
    expect((await as(admin).post(`/privacy/requests/${r.id}/link`, { kind: 'export', auditId: choices.body.exports[0].auditId })).status).toBe(409);

    // A campaign purge is not an erasure of a person.
    const campaign = await as(admin).post('/privacy/purge/campaign', { campaignId: 'no-such-campaign' });
    await env.deps.tasks.drain();
    const e = await log({ type: 'erasure', person: { email: 'gone@elsewhere.example' }, receivedOn: '2026-11-30' });
    expect((await as(admin).post(`/privacy/requests/${e.id}/link`, { kind: 'erasure', deletionId: campaign.body.deletionId })).status).toBe(404);
    const people = await as(admin).post('/privacy/purge/recipient', { email: 'gone@elsewhere.example' });
    await env.deps.tasks.drain();
    const linked = await as(admin).post(`/privacy/requests/${e.id}/link`, { kind: 'erasure', deletionId: people.body.deletionId });
    expect(linked.status).toBe(200);
    expect((await as(admin).post(`/privacy/requests/${e.id}/close`, { outcome: 'refused' })).status).toBe(400);
    const closed = await as(admin).post(`/privacy/requests/${e.id}/close`, { outcome: 'answered' });
    expect(closed.status).toBe(200);
  });
});

describe('the record of processing', () => {
  it('declares the requests and their contacts with purpose, legal basis and retention from closing', async () => {
    const res = await as(admin).get('/privacy/register');
    const byName = Object.fromEntries(res.body.activities.map((a: { collection: string }) => [a.collection, a]));
    expect(byName.dataSubjectRequests.retention).toMatch(/^1095 days after the request is closed/);
    expect(byName.dataSubjectRequests.legalBasis.key).toBe('legal_obligation');
    expect(byName.dataSubjectRequests.erasure).toContain('replaced by a pseudonym');
    expect(byName.dataSubjectContacts.retention).toMatch(/^365 days after the request is closed/);
    expect(byName.dataSubjectContacts.erasure).toBe('Deleted');
  });
});

describe('retention', () => {
  it('keeps an open request whatever its age; a closed one three years as proof, its contact one year', async () => {
    const start = Date.parse('2026-12-02T10:00:00Z');
    clock = new Date(start);
    const open = await log({ type: 'access', person: { email: 'still.open@elsewhere.example' }, receivedOn: '2026-11-30' });
    const done = await log({ type: 'objection', person: { email: 'done.long.ago@elsewhere.example' }, receivedOn: '2026-11-30' });
    expect((await as(admin).post(`/privacy/requests/${done.id}/close`, { outcome: 'withdrawn' })).status).toBe(200);
    const exists = async (collection: string, id: string) => (await env.deps.db.doc(`tenants/${T}/${collection}/${id}`).get()).exists;

    clock = new Date(start + 366 * 86_400_000);
    await sweepExpired(env.deps, { tenantId: T });
    expect(await exists('dataSubjectContacts', done.id)).toBe(false);
    expect(await exists('dataSubjectRequests', done.id)).toBe(true);
    const kept = (await as(admin).get(`/privacy/requests/${done.id}`)).body;
    expect(kept).toMatchObject({ outcome: 'withdrawn', person: { detailsKept: false, email: null } });

    clock = new Date(start + 1096 * 86_400_000);
    await sweepExpired(env.deps, { tenantId: T });
    expect(await exists('dataSubjectRequests', done.id)).toBe(false);
    // Open, however old: nothing of it expires before it is closed.
    expect(await exists('dataSubjectRequests', open.id)).toBe(true);
    expect(await exists('dataSubjectContacts', open.id)).toBe(true);
    expect((await as(admin).get('/privacy/requests')).body.open.find((r: { id: string }) => r.id === open.id).due.state).toBe('overdue');
    clock = new Date(start);
  });
});
