import { FieldValue } from 'firebase-admin/firestore';
import { beforeAll, describe, expect, it } from 'vitest';
import { col } from '../../functions/src/core/catalog.js';
import { enqueueSearchKeyBackfills, searchKeysJobId } from '../../functions/src/directory/backfill-search-keys.js';
import { SEARCH_KEYS_VERSION } from '../../functions/src/core/search-keys.js';
import { getJob, startJob } from '../../functions/src/jobs/job-store.js';
import { usersOf } from '../support/directory-helpers.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * Directory search answers from the search keys every writer stores (core/search-keys.ts): by the
 * start of a first name, last name, full name or email, without case or accents, within the tenant.
 */
let env: TestEnv;
let initech: string;
let acme: string;
const HEADER = 'email,firstName,lastName,title,workPhone,mobilePhone,addresses,groups';
const SAMS = Array.from({ length: 23 }, (_, i) => `sam.${String(i).padStart(2, '0')}@initech.example,Sam,Example${i},,,,,`);

beforeAll(async () => {
  env = await createTestEnv();
  initech = await env.token(DEMO.initechAdmin);
  acme = await env.token(DEMO.acmeAdmin);
  const kept = [...(await usersOf(env.deps, 'initech')).values()].map((u) => `${u.data.email},${u.data.firstName},${u.data.lastName},,,,,`);
  const res = await importCsv([...kept, "zoe.angstrom@initech.example,Zoë,Ångström,,,,,", "renee.obrien@initech.example,Renée,O'Brien,,,,,", ...SAMS]);
  expect(res.body).toMatchObject({ created: 2 + SAMS.length, errors: [] });
});

const importCsv = (rows: string[]) =>
  env.http.post('/api/directory/import').set('Authorization', `Bearer ${initech}`).set('Content-Type', 'text/csv').send([HEADER, ...rows].join('\n'));
const search = async (q: string, token = initech, extra: Record<string, string> = {}) => {
  const res = await env.http.get('/api/directory/search').query({ q, ...extra }).set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
  return res.body as { total: number | null; matches: number; users: { id: string; email: string; lastName: string }[]; nextPageToken: string | null };
};
const emails = async (q: string, token = initech) => (await search(q, token)).users.map((u) => u.email);
const ZOE = 'zoe.angstrom@initech.example';
const RENEE = 'renee.obrien@initech.example';

describe('directory search index', () => {
  it('finds a person by the start of their first name, last name, full name or email, ignoring case and accents', async () => {
    for (const q of ['zoe', 'ZOË', 'ang', 'Ångström', 'zoe angs', 'angstrom zo', 'zoe.angstrom@', 'ANGSTROM@INITECH']) expect(await emails(q), q).toEqual([ZOE]);
    for (const q of ["o'brien", 'obrien', 'renee', 'Renée O’Bri']) expect(await emails(q), q).toEqual([RENEE]);
    // A prefix index: the middle of a word does not match.
    expect(await emails('gstrom')).toEqual([]);
    // Longer than the longest key (20 characters): checked whole.
    expect(await emails('renee.obrien@initech.example')).toEqual([RENEE]);
    expect(await emails('renee.obrien@initech.elsewhere')).toEqual([]);
  });

  it('pages through every match by email, each once, and counts them all', async () => {
    const seen: string[] = [];
    let pageToken: string | null = null;
    do {
      const page = await search('sam', initech, { limit: '10', ...(pageToken ? { pageToken } : {}) });
      expect(page.matches).toBe(SAMS.length);
      expect(page.users.length).toBeLessThanOrEqual(10);
      seen.push(...page.users.map((u) => u.email));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(SAMS.map((row) => row.split(',')[0]).sort());
    // The directory total is asked without a query (a count per keystroke would read the directory).
    expect((await search('')).total).toBe((await usersOf(env.deps, 'initech')).size);
  });

  it("never shows another tenant's people", async () => {
    expect(await emails('zoe', acme)).toEqual([]);
    expect((await emails('jane', initech)).filter((e) => !e.endsWith('@initech.example'))).toEqual([]);
    expect(await emails('jane', acme)).toContain('jane.doe@acme.example');
  });

  it('finds a renamed person by the new name and not the old: renamed at the source, or edited by an admin', async () => {
    // Her email keeps "angstrom"; "Ångström Zoë" is her name only.
    expect(await emails('angstrom zoe')).toEqual([ZOE]);
    const kept = [...(await usersOf(env.deps, 'initech')).values()].map((u) => u.data).filter((u) => u.email !== ZOE);
    const res = await importCsv([...kept.map((u) => `${u.email},${u.firstName},${u.lastName},,,,,`), `${ZOE},Zoë,Berglund,,,,,`]);
    expect(res.body).toMatchObject({ updated: 1, errors: [] });
    expect(await emails('angstrom zoe')).toEqual([]);
    expect(await emails('berglund')).toEqual([ZOE]);

    const id = (await usersOf(env.deps, 'initech')).get(ZOE)!.id;
    const edit = await env.http.patch(`/api/users/${id}`).set('Authorization', `Bearer ${initech}`).send({ lastName: 'Nakamura' });
    expect(edit.status).toBe(200);
    expect(await emails('berglund')).toEqual([]);
    expect(await emails('nakamura')).toEqual([ZOE]);
    // A sync keeps the edited name, and the keys keep following it.
    await importCsv([...kept.map((u) => `${u.email},${u.firstName},${u.lastName},Title,,,,`), `${ZOE},Zoë,Berglund,Lead,,,,`]);
    expect(await emails('nakamura')).toEqual([ZOE]);
    expect(await emails('berglund')).toEqual([]);
    // Cleared: the source's name again.
    await env.http.patch(`/api/users/${id}`).set('Authorization', `Bearer ${initech}`).send({ lastName: null });
    expect(await emails('nakamura')).toEqual([]);
    expect(await emails('berglund')).toEqual([ZOE]);
  });

  it('does not find an erased person: erasure deletes the record with its keys', async () => {
    const id = (await usersOf(env.deps, 'initech')).get(RENEE)!.id;
    const res = await env.http.post('/api/privacy/purge').set('Authorization', `Bearer ${initech}`).send({ userIds: [id] });
    expect(res.status).toBe(202);
    await env.deps.tasks.drain();
    expect((await getJob(env.deps, 'initech', res.body.jobId)).status).toBe('done');
    expect(await emails('renee')).toEqual([]);
    expect(await emails('obrien')).toEqual([]);
  });

  it('the backfill job gives users stored without keys their keys, and leaves current ones alone', async () => {
    const users = await usersOf(env.deps, 'initech');
    const old = users.get('sam.03@initech.example')!;
    // As stored before search keys existed.
    await env.deps.db.doc(`tenants/initech/users/${old.id}`).update({ searchKeys: FieldValue.delete() });
    expect(await emails('example3')).toEqual([]);
    const jobId = await startJob(env.deps, { tenantId: 'initech', kind: 'directory.search-keys', createdBy: 'test', payload: {} });
    await env.deps.tasks.drain();
    const job = await getJob(env.deps, 'initech', jobId);
    expect(job).toMatchObject({ status: 'done', counts: { checked: users.size, updated: 1 } });
    expect(await emails('example3')).toEqual(['sam.03@initech.example']);
  });

  it('the daily schedule starts one backfill per tenant and key version, and none again, even once its job record expired', async () => {
    const started: string[] = [];
    const enqueue = env.deps.tasks.enqueue.bind(env.deps.tasks);
    env.deps.tasks.enqueue = async (name, payload, options) => {
      started.push(`${(payload as { tenantId: string }).tenantId}:${name}`);
      return enqueue(name, payload, options);
    };
    try {
      // Initech's users were all checked by the backfill above: only Acme's are read.
      expect((await env.deps.db.doc('tenants/initech').get()).get('searchKeysVersion')).toBe(SEARCH_KEYS_VERSION);
      await enqueueSearchKeyBackfills(env.deps);
      await env.deps.tasks.drain();
      expect(started.sort()).toEqual(['acme:directory.search-keys']);
      expect((await getJob(env.deps, 'acme', searchKeysJobId())).status).toBe('done');
      await enqueueSearchKeyBackfills(env.deps);
      expect(started).toHaveLength(1);
      // The job's record expires after the jobs' retention: the users are not read again for it.
      await env.deps.db.doc(`tenants/acme/jobs/${searchKeysJobId()}`).delete();
      await enqueueSearchKeyBackfills(env.deps);
      expect(started).toHaveLength(1);
    } finally {
      env.deps.tasks.enqueue = enqueue;
    }
  });

  it('refuses a partial write of a name without its search keys (no writer can leave them stale)', async () => {
    const id = (await usersOf(env.deps, 'initech')).get(ZOE)!.id;
    const ref = col(env.deps.db, 'users', { tenantId: 'initech' }).doc(id);
    await expect((async () => ref.set({ lastName: 'Stale' }, { merge: true }))()).rejects.toThrow(/without searchKeys/);
    await expect(ref.set({ title: 'Fine' }, { merge: true })).resolves.toBeDefined();
    expect(await emails('stale')).toEqual([]);
  });
});
