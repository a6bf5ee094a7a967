import { beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * Issue 21: a refusal the customer can get past says so in words and names the console step that
 * fixes it (`fix`), never an API route (the source-wide guard is test/unit/error-messages.test.ts).
 */
let env: TestEnv;
let acme: string;
let initech: string;
beforeAll(async () => {
  env = await createTestEnv();
  [acme, initech] = await Promise.all([env.token(DEMO.acmeAdmin), env.token(DEMO.initechAdmin)]);
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('errors with the step that fixes them', () => {
  it('choosing Microsoft 365 before it is connected asks to connect it', async () => {
    const res = await env.http.put('/api/directory/settings').set(bearer(acme)).send({ source: 'microsoft', microsoft: {} });
    expect(res.status).toBe(412);
    expect(res.body.error).toMatchObject({ code: 'failed_precondition', fix: 'connect_microsoft' });
    expect(res.body.error.message).toMatch(/^Connect Microsoft 365 first/);
    expect(res.body.error.message).not.toMatch(/\/api\/|PUT |POST /);
  });

  it('choosing Google Workspace before it is connected asks to connect it', async () => {
    const res = await env.http.put('/api/directory/settings').set(bearer(initech)).send({ source: 'google', google: { adminEmail: 'admin@initech.example' } });
    expect(res.status).toBe(412);
    expect(res.body.error).toMatchObject({ fix: 'connect_google' });
    expect(res.body.error.message).not.toMatch(/\/api\//);
  });

  it('a sync of a CSV directory, or a file import into a synced one, points at the choice of source', async () => {
    const sync = await env.http.post('/api/directory/sync').set(bearer(initech)).send({});
    expect(sync.status).toBe(412);
    expect(sync.body.error).toMatchObject({ fix: 'choose_source' });
    expect(sync.body.error.message).toContain('CSV files');

    const csv = await env.http.post('/api/directory/import?dryRun=true').set(bearer(acme)).set('Content-Type', 'text/csv').send('email\nx@acme.example\n');
    expect(csv.status).toBe(412);
    expect(csv.body.error).toMatchObject({ fix: 'choose_source' });
    expect(csv.body.error.message).toBe('Your directory is synced from Google Workspace: choose CSV files as the source before importing a file.');
  });

  it('an error without a fix carries none', async () => {
    const res = await env.http.put('/api/members/demo-initech-admin').set(bearer(acme)).send({ role: 'viewer' });
    expect(res.status).toBe(404);
    expect(res.body.error.fix).toBeUndefined();
  });
});
