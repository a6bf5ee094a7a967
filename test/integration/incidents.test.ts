import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doc } from '../../functions/src/core/catalog.js';
import { AppError } from '../../functions/src/core/errors.js';
import { runIncidentCommand } from '../../functions/src/incidents/incident-command.js';
import { appendIncidentUpdate, recordIncident, type QueueOwnerMail } from '../../functions/src/incidents/incident-store.js';
import { queueOwnerMail, type OwnerMail } from '../../functions/src/mail/queue-owner-mail.js';
import { startSmtpCatcher } from '../support/smtp-catcher.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * Incidents (Art. 33) on the official Firestore emulator: Herald's operator records one for some
 * tenants; exactly those get a copy and a notice, nothing is ever rewritten, the file's mistakes
 * are named in words, and each tenant's owners and admins read (and export) only their own.
 */
let env: TestEnv;
let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
let globexOwner: string;
let clock = new Date('2026-12-01T09:00:00Z');
/** What was handed to the mail outbox (the real one, which delivers to the SMTP server below). */
const mails: { tenantId: string; mail: OwnerMail }[] = [];
const queueMail: QueueOwnerMail = async (deps, tenantId, mail) => {
  mails.push({ tenantId, mail });
  return queueOwnerMail(deps, tenantId, mail);
};

const INCIDENT = {
  title: 'Export links sent to the wrong address',
  whatHappened: "A support reply carried the download link of another organisation's export.",
  detectedAt: '2026-12-01T08:30:00Z',
  tenants: ['acme', 'globex'],
  categories: ['contact', 'identity'],
  approximatePeople: 120,
  approximateRecords: 340,
  likelyConsequences: 'Names and work addresses may be used for unsolicited mail.',
  measures: 'The link was revoked.',
  contact: { name: 'Herald privacy desk', email: 'privacy@herald.example' },
};

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  env = await createTestEnv({ now: () => clock, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Herald <privacy@herald.example>' } });
  // A third tenant, so "exactly its tenants" has one on each side of the line (acme and globex in, initech out).
  const initech = (await env.deps.db.doc('tenants/initech').get()).data()!;
  await env.deps.db.doc('tenants/globex').set({ ...initech, name: 'Globex', domains: [] });
  globexOwner = (await env.account({ domain: 'globex.example', tenantId: 'globex', role: 'owner' })).email;
  // Initech gets an owner too: one who must receive nothing.
  await env.account({ domain: 'initech.example', tenantId: 'initech', role: 'owner' });
});
afterAll(async () => smtp?.close());

/** The text of a single-part mail as its reader sees it (quoted-printable or base64 undone). */
function textOf(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  if (/Content-Transfer-Encoding: base64/i.test(headers)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) return Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  return body;
}

const incidentsOf = async (tenantId: string) => (await env.deps.db.collection(`tenants/${tenantId}/incidents`).get()).docs;
const tick = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));

describe('an operator records an incident', () => {
  let incidentId: string;

  it('reaches exactly its tenants: a copy naming no other tenant, and one notice to each', async () => {
    const result = await recordIncident(env.deps, INCIDENT, queueMail);
    incidentId = result.incidentId;
    expect(incidentId).toMatch(/^inc-20261201-[0-9a-f]{8}$/);
    expect(result.tenants.map((t) => t.tenantId).sort()).toEqual(['acme', 'globex']);

    expect((await incidentsOf('acme')).map((d) => d.id)).toEqual([incidentId]);
    expect((await incidentsOf('globex')).map((d) => d.id)).toEqual([incidentId]);
    expect(await incidentsOf('initech')).toEqual([]);
    const copy = (await incidentsOf('acme'))[0]!.data();
    expect(copy).not.toHaveProperty('tenantIds');
    expect(JSON.stringify(copy)).not.toContain('globex');
    expect(copy.detectedAt.toDate().toISOString()).toBe('2026-12-01T08:30:00.000Z');
    expect(copy.recordedAt.toDate().toISOString()).toBe(clock.toISOString());
    expect(copy.notifiedAt.toDate().toISOString()).toBe(clock.toISOString());

    expect(mails.map((m) => m.tenantId).sort()).toEqual(['acme', 'globex']);
    const acmeMail = mails.find((m) => m.tenantId === 'acme')!.mail;
    expect(acmeMail).toMatchObject({ kind: 'incident', ref: incidentId });
    expect(acmeMail.text).toContain('Detected at: 2026-12-01 08:30 UTC');
    expect(acmeMail.text).toContain('Recorded by Herald at: 2026-12-01 09:00 UTC');
    expect(acmeMail.text).toContain('Notified to you at: 2026-12-01 09:00 UTC');
    expect(acmeMail.text).toContain('Work contact details (email, phone numbers); Name');
    expect(acmeMail.text).toContain('about 120');
    expect(acmeMail.text).not.toContain('globex');

    const audit = await env.deps.db.collection('tenants/acme/audit').where('action', '==', 'incident.notify').get();
    expect(audit.docs.map((d) => d.data().target)).toEqual([{ type: 'incident', id: incidentId }]);
  });

  it("delivers each notice to that tenant's owners only, through SMTP, with no employee's data", async () => {
    await env.deps.tasks.drain();
    expect(smtp.mails.map((m) => m.to.sort())).toEqual(expect.arrayContaining([[DEMO.acmeOwner], [globexOwner]]));
    expect(smtp.mails).toHaveLength(2);
    const acme = smtp.mails.find((m) => m.to.includes(DEMO.acmeOwner))!;
    expect(acme.raw).toContain(`Subject: Herald security incident ${incidentId}`);
    const body = textOf(acme.raw);
    expect(body).toContain('Notified to you at: 2026-12-01 09:00 UTC');
    // Addresses in the body: only Herald's contact point (no employee, no other tenant's owner).
    expect([...new Set(body.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g))]).toEqual(['privacy@herald.example']);
    expect(acme.raw).not.toContain(globexOwner);
  });

  it('running the same file again resumes: nothing recorded, mailed-as-new or re-timed twice', async () => {
    tick(30);
    const again = await recordIncident(env.deps, INCIDENT, queueMail);
    expect(again.incidentId).toBe(incidentId);
    expect(again.tenants.every((t) => t.alreadyNotified && t.notifiedAt === '2026-12-01T09:00:00.000Z')).toBe(true);
    expect((await incidentsOf('acme')).length).toBe(1);
    // The outbox is idempotent by kind + ref: the same ref is queued again, never a new one, and nothing is sent twice.
    expect(new Set(mails.map((m) => `${m.tenantId}/${m.mail.kind}/${m.mail.ref}`)).size).toBe(2);
    await env.deps.tasks.drain();
    expect(smtp.mails).toHaveLength(2);
    expect((await env.deps.db.collection('tenants/acme/audit').where('action', '==', 'incident.notify').get()).size).toBe(1);
  });

  it('appends updates as new entries with their time; the record and earlier updates are never rewritten', async () => {
    tick(60);
    const first = await appendIncidentUpdate(env.deps, { incident: incidentId, summary: 'The recipient confirmed deleting the file.', status: 'contained', approximatePeople: 118 }, queueMail);
    tick(60);
    const second = await appendIncidentUpdate(env.deps, { incident: incidentId, summary: 'Support staff retrained.', status: 'closed', measures: 'Support replies no longer carry export links.' }, queueMail);
    expect(first.updateId).not.toBe(second.updateId);
    expect(first.tenants.map((t) => t.tenantId).sort()).toEqual(['acme', 'globex']);

    const updates = await env.deps.db.collection(`tenants/acme/incidents/${incidentId}/incidentUpdates`).orderBy('at').get();
    expect(updates.docs.map((d) => d.data().summary)).toEqual(['The recipient confirmed deleting the file.', 'Support staff retrained.']);
    expect(updates.docs.map((d) => d.data().notifiedAt.toDate().toISOString())).toEqual(['2026-12-01T10:30:00.000Z', '2026-12-01T11:30:00.000Z']);
    expect((await env.deps.db.collection(`tenants/initech/incidents/${incidentId}/incidentUpdates`).get()).size).toBe(0);
    const updateMails = mails.filter((m) => m.mail.kind === 'incident_update');
    expect(updateMails.map((m) => m.tenantId).sort()).toEqual(['acme', 'acme', 'globex', 'globex']);
    expect(updateMails[0]!.mail.text).toContain('Update notified to you at: 2026-12-01 10:30 UTC');
    await env.deps.tasks.drain();
    expect(smtp.mails.slice(2).map((m) => m.to.join())).toEqual(expect.arrayContaining([DEMO.acmeOwner, DEMO.acmeOwner, globexOwner, globexOwner]));
    expect(smtp.mails).toHaveLength(6);

    // Every incident document still has the version it was created with.
    const all = [...(await incidentsOf('acme')), ...updates.docs, (await env.deps.db.doc(`operatorIncidents/${incidentId}`).get())];
    for (const d of all) expect(d.updateTime!.isEqual(d.createTime!), d.ref.path).toBe(true);
    const head = (await incidentsOf('acme'))[0]!.data();
    expect(head.approxPeople).toBe(120);
    expect(head.measures).toBe('The link was revoked.');
  });

  it('refuses to rewrite: a second create, a partial write and a whole write through the data layer all fail', async () => {
    const ref = doc(env.deps.db, 'incidents', { tenantId: 'acme', incidentId });
    const stored = (await ref.get()).data()!;
    await expect(ref.create({ ...stored, title: 'Something milder' })).rejects.toMatchObject({ code: 6 });
    await expect((async () => ref.set({ title: 'Something milder' } as never, { merge: true }))()).rejects.toThrow(/written once and never rewritten/);
    const update = doc(env.deps.db, 'incidentUpdates', { tenantId: 'acme', incidentId, updateId: 'upd-x' });
    await expect((async () => update.set({ summary: 'rewritten' } as never, { mergeFields: ['summary'] }))()).rejects.toThrow(/written once and never rewritten/);
    expect((await ref.get()).data()!.title).toBe(INCIDENT.title);
  });

  it('an update to an incident nobody recorded is refused, naming the field', async () => {
    const err = await appendIncidentUpdate(env.deps, { incident: 'inc-20260101-deadbeef', summary: 'x' }, queueMail).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toBe('Incident reference: no incident "inc-20260101-deadbeef" is recorded.');
  });
});

describe('the incident file is checked in words, and a bad one writes nothing', () => {
  it('names each wrong field as the operator knows it', async () => {
    const before = (await env.deps.db.collection('operatorIncidents').get()).size;
    const { detectedAt: _missing, ...noDate } = INCIDENT;
    const err = await recordIncident(env.deps, { ...noDate, categories: ['contact', 'shoe_size'], approximatePeople: -3, contact: { name: 'Desk', email: 'not-an-address' }, colour: 'red' }, queueMail).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const message = (err as AppError).message;
    expect(message).toContain('Detected at is required.');
    expect(message).toContain('Data categories (entry 2) must be one of "contact", "identity"');
    expect(message).toContain('Approximate number of people must be at least 0.');
    expect(message).toContain('Contact point email must be an email address');
    expect(message).toContain('The incident file has a field Herald does not accept: "colour".');
    expect(message).not.toMatch(/expected|Invalid|too_small/);
    expect((await env.deps.db.collection('operatorIncidents').get()).size).toBe(before);
  });

  it('refuses an unknown or repeated tenant by its row, before anyone is notified', async () => {
    const sent = mails.length;
    const err = await recordIncident(env.deps, { ...INCIDENT, title: 'Another', tenants: ['acme', 'initeck', 'acme'] }, queueMail).catch((e: unknown) => e);
    expect((err as AppError).message).toBe('Tenants (entry 3): "acme" is listed twice. Tenants (entry 2): no tenant "initeck" exists in this region.');
    expect(mails.length).toBe(sent);
    expect((await incidentsOf('acme')).length).toBe(1);
  });

  it('the operator command reads YAML and says what is wrong with the file, in words', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'incident-'));
    const write = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const broken = write('broken.yaml', 'title: [unclosed\n');
    await expect(runIncidentCommand(['record', '--file', broken], env.deps)).rejects.toThrow(/^The file .*broken\.yaml is not valid YAML or JSON \(line \d+\)\.$/);
    const typo = write('typo.yaml', 'incident: inc-20261201-00000000\nsumary: typo\n');
    await expect(runIncidentCommand(['update', '--file', typo], env.deps)).rejects.toThrow('Summary of the update is required. The update file has a field Herald does not accept: "sumary".');
    await expect(runIncidentCommand(['erase', '--file', typo], env.deps)).rejects.toThrow(/^usage: incident\.ts record\|update/);
  });

  it('a dry run names the tenants that would be notified and the mail, and writes or sends nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'incident-'));
    const file = path.join(dir, 'new.json');
    writeFileSync(file, JSON.stringify({ ...INCIDENT, title: 'Dry run only', tenants: ['initech'] }));
    const queued = mails.length;
    const preview = await runIncidentCommand(['record', '--file', file, '--dry-run'], env.deps);
    expect(preview).toMatchObject({ tenants: [{ tenantId: 'initech', name: 'Initech' }], mail: { subject: expect.stringContaining('Dry run only') } });
    expect(await incidentsOf('initech')).toEqual([]);
    expect((await env.deps.db.doc(`operatorIncidents/${preview.incidentId}`).get()).exists).toBe(false);
    expect(mails.length).toBe(queued);
  });

  it('refuses a date without its time zone', async () => {
    const err = await recordIncident(env.deps, { ...INCIDENT, detectedAt: '2026-12-01 08:30' }, queueMail).catch((e: unknown) => e);
    expect((err as AppError).message).toBe('Detected at must be a date and time, e.g. 2026-04-01T09:00:00Z.');
  });
});

describe('the tenant reads its own incidents, and only them', () => {
  it('its owners and admins list them with the timeline; another tenant sees none; an employee is refused', async () => {
    const acme = await env.http.get('/api/incidents').set('Authorization', `Bearer ${await env.token(DEMO.acmeAdmin)}`);
    expect(acme.status).toBe(200);
    expect(acme.body.incidents).toHaveLength(1);
    const [i] = acme.body.incidents;
    expect(i).toMatchObject({ title: INCIDENT.title, detectedAt: '2026-12-01T08:30:00.000Z', notifiedAt: '2026-12-01T09:00:00.000Z' });
    expect(i.initial.approxPeople).toBe(120);
    expect(i.current).toMatchObject({ status: 'closed', approxPeople: 118, measures: 'Support replies no longer carry export links.' });
    expect(i.current.categories).toEqual([{ key: 'contact', label: 'Work contact details (email, phone numbers)' }, { key: 'identity', label: 'Name' }]);
    expect(i.updates.map((u: { summary: string }) => u.summary)).toEqual(['The recipient confirmed deleting the file.', 'Support staff retrained.']);

    const owner = await env.http.get('/api/incidents').set('Authorization', `Bearer ${await env.token(DEMO.acmeOwner)}`);
    expect(owner.body.incidents).toHaveLength(1);
    const initech = await env.http.get('/api/incidents').set('Authorization', `Bearer ${await env.token(DEMO.initechAdmin)}`);
    expect(initech.status).toBe(200);
    expect(initech.body.incidents).toEqual([]);
    const initechExport = await env.http.get('/api/incidents/export').set('Authorization', `Bearer ${await env.token(DEMO.initechAdmin)}`);
    expect(initechExport.text).not.toContain(INCIDENT.title);
    const employee = await env.http.get('/api/incidents').set('Authorization', `Bearer ${await env.token(DEMO.acmeUser)}`);
    expect(employee.status).toBe(403);
    const anonymous = await env.http.get('/api/incidents');
    expect(anonymous.status).toBe(401);
  });

  it('exports them as JSON and as a readable document, audited', async () => {
    const token = await env.token(DEMO.acmeAdmin);
    const json = await env.http.get('/api/incidents/export?format=json').set('Authorization', `Bearer ${token}`).buffer(true);
    expect(json.status).toBe(200);
    expect(json.headers['content-disposition']).toMatch(/attachment; filename="security-incidents-\d{4}-\d{2}-\d{2}\.json"/);
    const body = JSON.parse(json.text);
    expect(body.organisation).toBe('Acme');
    expect(body.incidents[0].updates).toHaveLength(2);
    const md = await env.http.get('/api/incidents/export?format=markdown').set('Authorization', `Bearer ${token}`).buffer(true);
    expect(md.headers['content-type']).toMatch(/^text\/markdown/);
    expect(md.text).toContain(`## ${INCIDENT.title}`);
    expect(md.text).toContain('- Detected: 2026-12-01 08:30 UTC');
    expect(md.text).toContain('- Notified to this organisation: 2026-12-01 09:00 UTC');
    expect(md.text).toContain('#### 2026-12-01 10:30 UTC (notified 2026-12-01 10:30 UTC)');
    // The entry is written once the download has been answered.
    await expect.poll(async () => (await env.deps.db.collection('tenants/acme/audit').where('action', '==', 'incident.export').get()).size).toBe(2);
    // The audit log names the notices in words, with the way to the incident.
    const log = await env.http.get('/api/audit?category=Security%20incidents').set('Authorization', `Bearer ${token}`);
    const notice = log.body.entries.find((e: { action: string }) => e.action === 'incident.notify');
    expect(notice.targetName).toEqual({ label: expect.stringMatching(/^Security incident inc-20261201-[0-9a-f]{8}$/), link: '/privacy/incidents' });
  });
});
