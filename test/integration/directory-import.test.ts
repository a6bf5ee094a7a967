import { beforeEach, describe, expect, it } from 'vitest';
import { purgeJobs, recordEnqueued, usersOf } from '../support/directory-helpers.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';
import { fieldText } from '../support/field-text.js';

// Initech imports its directory from CSV files; the seed gives it six users.
let env: TestEnv;
let admin: string;
beforeEach(async () => {
  env = await createTestEnv();
  admin = await env.token(DEMO.initechAdmin);
});

const post = (csv: string, query: Record<string, string | number> = {}) =>
  env.http.post('/api/directory/import').query(query).set('Authorization', `Bearer ${admin}`).set('Content-Type', 'text/csv').send(csv);

async function existingRows() {
  const users = await usersOf(env.deps, 'initech');
  return [...users.values()].map((u) => u.data);
}
const heraldRow = (u: Record<string, any>) =>
  [u.email, u.firstName, u.lastName, u.title, u.workPhone, u.mobilePhone, `"${u.addresses.join(';')}"`, `"${u.groups.join(';')}"`].join(',');
const HEADER = 'email,firstName,lastName,title,workPhone,mobilePhone,addresses,groups';

describe('CSV import', () => {
  it("reads Herald's template: creates, updates, and leaves unchanged rows alone; a dry run writes nothing", async () => {
    const current = await existingRows();
    const [first, second, ...rest] = current;
    const csv = [
      HEADER,
      heraldRow({ ...first!, title: 'Renamed Role' }),
      heraldRow(second!),
      ...rest.map(heraldRow),
      'newbie@initech.example,New,Bie,Intern,+1 555 0100,,"1 Example Way, Austin;2 Sample Rd, Dallas",Interns;Austin Office',
    ].join('\n');

    const before = await usersOf(env.deps, 'initech');
    const dry = await post(csv, { dryRun: 'true' });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ format: 'herald', dryRun: true, applied: false, created: 1, updated: 1, unchanged: current.length - 1, removed: 0, errors: [] });
    const afterDry = await usersOf(env.deps, 'initech');
    expect([...afterDry].map(([e, u]) => [e, u.updateTime])).toEqual([...before].map(([e, u]) => [e, u.updateTime]));

    const res = await post(csv);
    expect(res.body).toMatchObject({ applied: true, created: 1, updated: 1, unchanged: current.length - 1, removed: 0 });
    const after = await usersOf(env.deps, 'initech');
    expect(after.get(first!.email)!.data.title).toBe('Renamed Role');
    expect(after.get(second!.email)!.updateTime).toBe(before.get(second!.email)!.updateTime);
    expect(after.get('newbie@initech.example')!.data).toMatchObject({
      firstName: 'New',
      title: 'Intern',
      addresses: ['1 Example Way, Austin', '2 Sample Rd, Dallas'],
      groups: ['Austin Office', 'Interns'],
      source: 'csv',
    });
    const audit = await env.deps.db.collection('tenants/initech/audit').where('action', '==', 'directory.import').get();
    expect(audit.size).toBe(2);
  });

  it('reads the Google Admin console user export', async () => {
    const csv = [
      'First Name [Required],Last Name [Required],Email Address [Required],Password [Required],Password Hash Function [UPLOAD ONLY],Org Unit Path [Required],New Primary Email [UPLOAD ONLY],Recovery Email,Home Secondary Email,Work Secondary Email,Recovery Phone [MUST BE IN THE E.164 FORMAT],Work Phone,Home Phone,Mobile Phone,Work Address,Home Address,Employee ID,Employee Type,Employee Title,Manager Email,Department,Cost Center',
      'Ada,Example,ada.example@initech.example,****,,/,,ada.private@mail.example,,,+15550000001,+1 555 0101,+1 555 9999,+1 555 0102,"10 Example Blvd, Austin TX",Private home 1,E1,Employee,Staff Engineer,,R&D,CC1',
    ].join('\n');
    const res = await post(csv);
    expect(res.body).toMatchObject({ format: 'google_admin', created: 1, errors: [] });
    const ada = (await usersOf(env.deps, 'initech')).get('ada.example@initech.example')!.data;
    expect(ada).toMatchObject({ firstName: 'Ada', lastName: 'Example', title: 'Staff Engineer', workPhone: '+1 555 0101', mobilePhone: '+1 555 0102', addresses: ['10 Example Blvd, Austin TX'], groups: [] });
    expect(JSON.stringify(ada)).not.toMatch(/private|9999/i);
  });

  it('reads the Microsoft 365 admin center user export', async () => {
    const csv = [
      'Block credential,City,Country/Region,Department,DirSyncEnabled,Display name,Fax,First name,Last dirsync time,Last name,Last password change time stamp,License assignment details,Licenses,Mobile Phone,Object Id,Office,Password never expires,Phone number,Postal code,Preferred data location,Preferred language,Proxy addresses,Release track,Soft deletion time stamp,State,Street address,Strong password required,Title,Usage location,User principal name,When created',
      'False,Austin,United States,Sales,,Bo Sample,,Bo,,Sample,2025-01-01,,Microsoft 365 Business Standard,+1 555 0202,6f1e2d3c-0000-4000-8000-000000000001,HQ,False,+1 555 0201,78701,,en-US,SMTP:bo.sample@initech.example,,,TX,1 Sample Street,True,Account Manager,US,bo.sample@initech.example,2024-05-01',
    ].join('\n');
    const res = await post(csv);
    expect(res.body).toMatchObject({ format: 'microsoft_365', created: 1, errors: [] });
    const bo = (await usersOf(env.deps, 'initech')).get('bo.sample@initech.example')!.data;
    expect(bo).toMatchObject({ firstName: 'Bo', lastName: 'Sample', title: 'Account Manager', workPhone: '+1 555 0201', mobilePhone: '+1 555 0202', addresses: ['1 Sample Street, 78701 Austin, TX, United States'] });
  });

  it('names the row, the column and the bad value of every malformed row, in words, and writes nothing unless asked to apply the valid rows', async () => {
    const before = await usersOf(env.deps, 'initech');
    const csv = [
      HEADER,
      'good.one@initech.example,Good,One,,,,,',
      'not-an-email,Bad,Email,,,,,',
      'bad.phone@initech.example,Bad,Phone,,call me maybe,,,',
      'good.one@initech.example,Good,Again,,,,,',
      'good.two@initech.example,Good,Two,,,,,',
    ].join('\n');
    const res = await post(csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: false, created: 2 });
    expect(res.body.errors).toEqual([
      { row: 3, field: 'email', value: 'not-an-email', message: 'email "not-an-email" must be an email address' },
      { row: 4, field: 'workPhone', value: 'call me maybe', message: 'workPhone "call me maybe" must be a phone number (digits, spaces, + ( ) . / -)' },
      { row: 5, field: 'email', value: 'good.one@initech.example', message: 'email "good.one@initech.example" is the same email as row 2' },
    ]);
    const unchanged = await usersOf(env.deps, 'initech');
    expect(unchanged.size).toBe(before.size);

    const applied = await post(csv, { applyValid: 'true', removeAbsent: 'true' });
    expect(applied.body).toMatchObject({ applied: true, created: 2, removed: 0 });
    const after = await usersOf(env.deps, 'initech');
    expect(after.size).toBe(before.size + 2);
    expect(await purgeJobs(env.deps, 'initech')).toEqual([]);
  });

  it('removes absent users only when asked, and above the safety limit only when confirmed', async () => {
    const current = await existingRows();
    const keepAll = [HEADER, ...current.map(heraldRow)].join('\n');
    const dropOne = [HEADER, ...current.slice(1).map(heraldRow)].join('\n');
    // After the first removal is purged, the file without current[0..4] leaves four people out.
    const dropFour = [HEADER, ...current.slice(5).map(heraldRow)].join('\n');
    const ids = new Map([...(await usersOf(env.deps, 'initech'))].map(([e, u]) => [e, u.id]));

    expect((await post(keepAll, { removeAbsent: 'true' })).body.removed).toBe(0);
    expect((await post(dropOne)).body.removed).toBe(0);
    expect(await purgeJobs(env.deps, 'initech')).toEqual([]);

    const enqueued = recordEnqueued(env.deps);
    const one = await post(dropOne, { removeAbsent: 'true' });
    expect(one.body).toMatchObject({ applied: true, removed: 1 });
    expect(enqueued.filter((t) => t.name === 'privacy.purge').map((t) => t.payload.subject)).toEqual([{ kind: 'users', userIds: [ids.get(current[0]!.email)] }]);
    // The purge runs on the queue: let it finish, so the next file is compared with who is left.
    await env.deps.tasks.drain();
    expect((await usersOf(env.deps, 'initech')).has(current[0]!.email)).toBe(false);

    const tooMany = await post(dropFour, { removeAbsent: 'true' });
    expect(tooMany.status).toBe(412);
    expect(tooMany.body.error.message).toContain('would remove 4 people');
    // The console offers the confirmation, with the count its check found, instead of an API parameter.
    expect(tooMany.body.error.fix).toBe('confirm_removals');
    expect(tooMany.body.error.message).not.toContain('confirmRemovals');
    const dry = await post(dropFour, { removeAbsent: 'true', dryRun: 'true' });
    expect(dry.body).toMatchObject({ applied: false, removed: 4 });
    const confirmed = await post(dropFour, { removeAbsent: 'true', confirmRemovals: 4 });
    expect(confirmed.body).toMatchObject({ applied: true, removed: 4 });
    const purged = enqueued.filter((t) => t.name === 'privacy.purge').map((t) => t.payload.subject.userIds);
    expect(purged.at(-1)).toEqual(current.slice(1, 5).map((u) => ids.get(u.email)).sort());
  });

  it('refuses unknown columns, empty files, and tenants that sync from Google', async () => {
    const unknown = await post('name,mail\nA,a@initech.example\n');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("Herald's template");
    const empty = await post('');
    expect(empty.status).toBe(400);
    const acme = await env.http.post('/api/directory/import').set('Authorization', `Bearer ${await env.token(DEMO.acmeAdmin)}`).set('Content-Type', 'text/csv').send(`${HEADER}\nx@acme.example,,,,,,,\n`);
    expect(acme.status).toBe(412);
    const json = await env.http.post('/api/directory/import').set('Authorization', `Bearer ${admin}`).send({ email: 'x' });
    expect(json.status).toBe(415);
  });
});

describe('profile edits', () => {
  it('lets an employee edit their own optional fields, validated, and admins edit anyone (audited)', async () => {
    const jane = await env.token(DEMO.acmeUser);
    const bad = await env.http.patch('/api/me/profile').set('Authorization', `Bearer ${jane}`).send({ workPhone: 'not a phone' });
    expect(bad.status).toBe(400);
    expect(fieldText(bad)).toContain('body.workPhone');
    const email = await env.http.patch('/api/me/profile').set('Authorization', `Bearer ${jane}`).send({ email: 'other@acme.example' });
    expect(email.status).toBe(400);
    const groups = await env.http.patch('/api/me/profile').set('Authorization', `Bearer ${jane}`).send({ groups: ['Leadership'] });
    expect(groups.status).toBe(400);

    const ok = await env.http.patch('/api/me/profile').set('Authorization', `Bearer ${jane}`).send({ mobilePhone: '+33 6 12 34 56 78' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ email: DEMO.acmeUser, mobilePhone: '+33 6 12 34 56 78', overridden: ['mobilePhone'] });

    const acmeAdmin = await env.token(DEMO.acmeAdmin);
    const byAdmin = await env.http.patch(`/api/users/${ok.body.id}`).set('Authorization', `Bearer ${acmeAdmin}`).send({ title: 'Regional Lead', mobilePhone: null });
    expect(byAdmin.body).toMatchObject({ title: 'Regional Lead', mobilePhone: '', overridden: ['title'] });
    const audit = await env.deps.db.collection('tenants/acme/audit').where('action', '==', 'directory.user_edit').get();
    expect(audit.docs.map((d) => d.get('target'))).toEqual([{ type: 'user', id: ok.body.id }]);

    const stranger = await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'user' });
    const notListed = await env.http.patch('/api/me/profile').set('Authorization', `Bearer ${stranger.token}`).send({ title: 'x' });
    expect(notListed.status).toBe(404);
    const otherTenant = await env.http.patch(`/api/users/${ok.body.id}`).set('Authorization', `Bearer ${admin}`).send({ title: 'x' });
    expect(otherTenant.status).toBe(404);
  });
});
