import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GMAIL_CHECKS } from '../../functions/src/signatures/signature-routes.js';
import { FakeGmail } from '../fakes/fake-gmail.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

/**
 * The Gmail "Check" of the deployment screen: one real call (googleapis, google-auth-library) as a
 * tenant's address against Google's token endpoint and Gmail played locally, each of Google's
 * answers classified and said in words.
 */
const DIRECTORY = ['https://www.googleapis.com/auth/admin.directory.user.readonly', 'https://www.googleapis.com/auth/admin.directory.group.readonly'];
const GMAIL = 'https://www.googleapis.com/auth/gmail.settings.basic';

let env: TestEnv;
let gmail: FakeGmail;
let admin: string;

beforeAll(async () => {
  gmail = await new FakeGmail().start();
  env = await createTestEnv({ env: gmail.env() });
  admin = await env.token(DEMO.acmeAdmin);
});
afterAll(() => gmail.stop());
beforeEach(() => {
  gmail.tokenEndpoint.delegatedScopes = new Set([...DIRECTORY, GMAIL]);
  gmail.tokenEndpoint.unknownSubjects.clear();
  gmail.mailServiceOff.clear();
});

const check = (adminEmail: string) => env.http.post('/api/signatures/gmail-check').set('Authorization', `Bearer ${admin}`).send({ adminEmail });

describe('the Gmail delegation check', () => {
  it('gives the service account’s client id and the exact scopes to paste', async () => {
    const res = await env.http.get('/api/signatures/gmail-setup').set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ available: true, clientId: '109876543210987654321', scopes: [...DIRECTORY, GMAIL] });
  });

  it('says OK when the delegation lets Herald act as the admin in Gmail, and changes nothing', async () => {
    const res = await check(DEMO.acmeAdmin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'ok', ok: true, message: expect.stringContaining('delegation is in place') });
    expect(gmail.signatures.size).toBe(0);
    expect(gmail.calls).toHaveLength(0);
  });

  it('says the client id is not delegated when Google refuses every scope (unauthorized_client)', async () => {
    gmail.tokenEndpoint.delegatedScopes = new Set();
    const res = await check(DEMO.acmeAdmin);
    expect(res.body).toMatchObject({ outcome: 'not_delegated', ok: false, message: expect.stringContaining('not authorised in your domain-wide delegation') });
    expect(res.body.advice).toContain('Manage domain-wide delegation');
  });

  it('says the Gmail scope is missing when only the directory scopes are delegated', async () => {
    gmail.tokenEndpoint.delegatedScopes = new Set(DIRECTORY);
    const res = await check(DEMO.acmeAdmin);
    expect(res.body).toMatchObject({ outcome: 'gmail_scope_missing', message: expect.stringContaining('without the Gmail settings scope') });
  });

  it('says Google has no active account for an unknown or suspended address (invalid_grant)', async () => {
    gmail.tokenEndpoint.unknownSubjects.add('gone@acme.example');
    const res = await check('gone@acme.example');
    expect(res.body).toMatchObject({ outcome: 'user_not_found', message: expect.stringContaining('no active account for gone@acme.example') });
  });

  it('says the account has no mailbox when Gmail answers failedPrecondition', async () => {
    gmail.mailServiceOff.add('kim.pilot@acme.example');
    const res = await check('kim.pilot@acme.example');
    expect(res.body).toMatchObject({ outcome: 'mail_service_off', message: expect.stringContaining('has no Gmail mailbox') });
  });

  it('never impersonates an address outside the tenant’s verified domains', async () => {
    const before = gmail.tokenEndpoint.assertions.length;
    const res = await check('someone@initech.example');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Address to check as: Enter an address on one of your verified domains (acme.example).');
    expect(res.body.error.fields).toEqual([expect.objectContaining({ field: 'body.adminEmail', label: 'Address to check as' })]);
    expect(gmail.tokenEndpoint.assertions.length).toBe(before);
  });

  it('answers in words, once, when the region has no Google credentials', async () => {
    const bare = await createTestEnv({ env: { GOOGLE_SERVICE_ACCOUNT_KEY: '' } });
    const token = await bare.token(DEMO.acmeAdmin);
    const setup = await bare.http.get('/api/signatures/gmail-setup').set('Authorization', `Bearer ${token}`);
    expect(setup.body).toEqual({ available: false, clientId: null, scopes: [...DIRECTORY, GMAIL] });
    const res = await bare.http.post('/api/signatures/gmail-check').set('Authorization', `Bearer ${token}`).send({ adminEmail: DEMO.acmeAdmin });
    expect(res.body).toMatchObject({ outcome: 'no_credentials', message: expect.stringContaining('operator’s configuration') });
    expect(JSON.stringify(res.body)).not.toMatch(/[A-Z]{3,}_[A-Z_]+/);
  });

  it('answers at most GMAIL_CHECKS.max checks per admin in its window, then 429 with Retry-After; a colleague keeps their own', async () => {
    const busy = (await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'admin' })).token;
    const other = (await env.account({ domain: 'acme.example', tenantId: 'acme', role: 'admin' })).token;
    const as = (token: string) => env.http.post('/api/signatures/gmail-check').set('Authorization', `Bearer ${token}`).send({ adminEmail: DEMO.acmeAdmin });
    for (let i = 0; i < GMAIL_CHECKS.max; i++) expect((await as(busy)).status).toBe(200);
    const calls = gmail.tokenEndpoint.assertions.length;
    const refused = await as(busy);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Refused before Google is asked anything.
    expect(gmail.tokenEndpoint.assertions.length).toBe(calls);
    expect((await as(other)).status).toBe(200);
  });
});
