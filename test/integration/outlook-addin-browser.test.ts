import type { Server } from 'node:http';
import express from 'express';
import { SignJWT } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRuntime } from '../../outlook-addin/build.mjs';
import { createOutlookAddinApp } from '../../functions/src/addins/outlook-addin-app.js';
import { freePort } from '../../functions/src/local/free-port.js';
import { startEntraFake } from '../fakes/entra-jwks.js';
import { launchChromium } from '../support/browser.js';
import { addinFrameAncestors } from '../../functions/src/http/browser-headers.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

const CLIENT_ID = '2f6c4d8e-1a3b-4c5d-8e9f-0a1b2c3d4e5f';
const ACME_ENTRA = '6b1f0c2a-9d3e-4f5a-8b7c-1d2e3f4a5b6c';
const JANE_OID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

/**
 * Outlook's side of the add-in, in the page: Office.js (actions.associate, a compose item that logs
 * what is set, roaming settings) and the Nested App Authentication bridge that Outlook injects,
 * answering msal-browser's GetInitContext / GetToken with a token from the local Entra fake.
 */
function outlookStub(cfg: { accessToken: string; idToken: string; tid: string; oid: string; username: string; composeType: string; from: string; to: string[] }): string {
  return `(function () {
  var cfg = ${JSON.stringify(cfg)};
  var calls = (window.heraldCalls = []);
  var bridgeRequests = (window.heraldBridgeRequests = []);
  var associated = (window.heraldAssociated = {});
  var roaming = (window.heraldRoaming = {});
  var session = {};
  var later = function (fn) { setTimeout(fn, 1); };
  var ok = function (v) { return { status: 'succeeded', value: v }; };
  var item = {
    itemType: 'message',
    body: {
      setSignatureAsync: function (html, o, cb) { later(function () { calls.push({ call: 'setSignatureAsync', html: html, coercionType: o.coercionType }); cb && cb(ok()); }); },
      setAsync: function (html, o, cb) { later(function () { calls.push({ call: 'body.setAsync', html: html }); cb && cb(ok()); }); }
    },
    getComposeTypeAsync: function (cb) { later(function () { cb(ok({ composeType: cfg.composeType, coercionType: 'html' })); }); },
    from: { getAsync: function (cb) { later(function () { cb(ok({ emailAddress: cfg.from, displayName: '' })); }); } },
    to: { getAsync: function (cb) { later(function () { cb(ok(cfg.to.map(function (a) { return { emailAddress: a, displayName: '' }; }))); }); } },
    cc: { getAsync: function (cb) { later(function () { cb(ok([])); }); } },
    bcc: { getAsync: function (cb) { later(function () { cb(ok([])); }); } },
    sessionData: {
      getAsync: function (k, cb) { later(function () { cb(k in session ? ok(session[k]) : { status: 'failed', error: { message: 'no such key' } }); }); },
      setAsync: function (k, v, cb) { session[k] = v; later(function () { cb && cb(ok()); }); }
    },
    disableClientSignatureAsync: function (cb) { later(function () { calls.push({ call: 'disableClientSignatureAsync' }); cb && cb(ok()); }); },
    notificationMessages: { addAsync: function (k, m, cb) { calls.push({ call: 'notificationMessages.addAsync', message: m.message }); cb && later(function () { cb(ok()); }); } }
  };
  window.Office = {
    actions: { associate: function (name, fn) { associated[name] = fn; } },
    onReady: function () { return Promise.resolve({ host: 'Outlook' }); },
    context: {
      platform: 'OfficeOnline',
      mailbox: { item: item, userProfile: { emailAddress: cfg.username } },
      roamingSettings: {
        get: function (k) { return roaming[k]; },
        set: function (k, v) { roaming[k] = v; },
        remove: function (k) { delete roaming[k]; },
        saveAsync: function (cb) { calls.push({ call: 'roamingSettings.saveAsync' }); cb && later(function () { cb(ok()); }); }
      }
    }
  };
  var listeners = [];
  window.nestedAppAuthBridge = {
    addEventListener: function (type, fn) { listeners.push(fn); },
    removeEventListener: function () {},
    postMessage: function (raw) {
      var req = JSON.parse(raw);
      bridgeRequests.push({ method: req.method, scope: req.tokenParams && req.tokenParams.scope, clientId: req.tokenParams && req.tokenParams.clientId });
      var res = { messageType: 'NestedAppAuthResponse', requestId: req.requestId, success: true };
      if (req.method === 'GetInitContext') {
        res.initContext = { sdkName: 'herald-test-outlook', sdkVersion: '1.0.0', accountContext: null, capabilities: {} };
      } else if (req.method === 'GetToken') {
        res.token = { access_token: cfg.accessToken, id_token: cfg.idToken, expires_in: 3600, scope: req.tokenParams.scope };
        res.account = { homeAccountId: cfg.oid + '.' + cfg.tid, environment: 'login.microsoftonline.com', tenantId: cfg.tid, username: cfg.username, localAccountId: cfg.oid };
      } else {
        res.success = false;
        res.error = { status: 'PERSISTENT_ERROR', code: 'unsupported', description: req.method };
      }
      later(function () { listeners.forEach(function (l) { l(JSON.stringify(res)); }); });
    }
  };
})();`;
}

let env: TestEnv;
let entra: Awaited<ReturnType<typeof startEntraFake>>;
let browser: Browser;
const servers: Server[] = [];
let addinOrigin: string;
let apiOrigin: string;

const listen = (app: express.Express, port: number) =>
  new Promise<void>((resolve) => {
    servers.push(app.listen(port, '127.0.0.1', () => resolve()));
  });

beforeAll(async () => {
  await buildRuntime();
  entra = await startEntraFake();
  const [addinPort, apiPort] = [await freePort(), await freePort()];
  // Two origins, as deployed when the API has its own host: the browser makes a real CORS request.
  addinOrigin = `http://127.0.0.1:${addinPort}`;
  apiOrigin = `http://localhost:${apiPort}`;
  env = await createTestEnv({ env: { MICROSOFT_LOGIN_URL: entra.url, MICROSOFT_CLIENT_ID: CLIENT_ID, OUTLOOK_ADDIN_ORIGIN: addinOrigin, API_ORIGIN: apiOrigin } });
  await env.deps.db.doc('tenants/acme').update({ entraTenantId: ACME_ENTRA, verifiedDomains: ['acme.example'] });
  // Jane's record as the Microsoft 365 sync writes it: the add-in finds people by Entra object id only.
  const jane = await env.deps.db.collection('tenants/acme/users').where('email', '==', 'jane.doe@acme.example').get();
  await jane.docs[0]!.ref.update({ source: 'microsoft', externalId: JANE_OID });
  // As behind Hosting, whose firebase.json headers add X-Frame-Options: DENY to every response.
  const hosting = express();
  hosting.use((_req, res, next) => {
    res.set('X-Frame-Options', 'DENY');
    next();
  });
  hosting.use(createOutlookAddinApp(env.deps));
  await listen(hosting, addinPort);
  await listen(env.app, apiPort);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
  await entra?.close();
});

async function composeInOutlook(composeType: string, mail: { from?: string; to?: string[] } = {}) {
  const accessToken = await entra.token({ tid: ACME_ENTRA, aud: CLIENT_ID, oid: JANE_OID, preferred_username: 'jane.doe@acme.example' });
  const now = Math.floor(Date.now() / 1000);
  const idToken = await new SignJWT({ tid: ACME_ENTRA, oid: JANE_OID, preferred_username: 'jane.doe@acme.example', name: 'Jane Doe' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(`https://login.microsoftonline.com/${ACME_ENTRA}/v2.0`)
    .setAudience(CLIENT_ID)
    .setSubject(JANE_OID)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode('id-token-signature-is-not-checked-by-msal-here'));
  const context = await browser.newContext();
  const page = await context.newPage();
  const apiRequests: { url: string; origin: string | null; authorization: string | null; from?: string }[] = [];
  page.on('request', (r) => {
    const from = r.headers()['x-herald-from'];
    if (r.url().startsWith(apiOrigin)) apiRequests.push({ url: r.url(), origin: r.headers()['origin'] ?? null, authorization: r.headers()['authorization'] ?? null, ...(from ? { from } : {}) });
  });
  // Microsoft's office.js is replaced by the stub of Outlook; nothing else leaves the machine.
  await page.route('https://appsforoffice.microsoft.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: outlookStub({ accessToken, idToken, tid: ACME_ENTRA, oid: JANE_OID, username: 'jane.doe@acme.example', composeType, from: mail.from ?? 'jane.doe@acme.example', to: mail.to ?? [] }) }));
  const loaded = await page.goto(`${addinOrigin}/outlook/runtime.html`);
  // Outlook on the web frames the page, and only Outlook may (Hosting's X-Frame-Options: DENY yields to frame-ancestors).
  expect(loaded?.headers()['content-security-policy']).toBe(addinFrameAncestors());
  const result = await page.evaluate(
    () =>
      new Promise<{ associated: string[]; calls: unknown[]; bridge: unknown[]; cached: string | undefined }>((resolve) => {
        const w = globalThis as any;
        const associated = Object.keys(w.heraldAssociated);
        w.heraldAssociated.onNewMessageCompose({
          completed: () => {
            w.heraldCalls.push({ call: 'completed' });
            setTimeout(() => resolve({ associated, calls: w.heraldCalls, bridge: w.heraldBridgeRequests, cached: w.heraldRoaming.heraldSignature }), 50);
          },
        });
      }),
  );
  await context.close();
  return { ...result, apiRequests, accessToken };
}

describe('the add-in runtime page in Chromium', () => {
  it("gets a token through Outlook's NAA bridge and sets exactly the signature GET /api/me/signature renders", async () => {
    const expected = (await env.http.get('/api/me/signature').set('Authorization', `Bearer ${await env.token(DEMO.acmeUser)}`)).body;
    expect(expected.html).toContain('Jane Doe');

    const run = await composeInOutlook('newMail');
    expect(run.associated).toEqual(['onNewMessageCompose', 'onNewAppointmentOrganizer', 'onMessageFromChanged', 'onMessageRecipientsChanged']);
    expect(run.bridge).toEqual([
      { method: 'GetInitContext' },
      { method: 'GetToken', scope: expect.stringContaining(`api://127.0.0.1:${new URL(addinOrigin).port}/${CLIENT_ID}/access_as_user`), clientId: CLIENT_ID },
    ]);
    expect(run.apiRequests.filter((r) => r.authorization)).toEqual([
      { url: `${apiOrigin}/api/addins/outlook/signature`, origin: addinOrigin, authorization: `Bearer ${run.accessToken}` },
    ]);
    expect(run.calls).toEqual([
      { call: 'roamingSettings.saveAsync' },
      { call: 'disableClientSignatureAsync' },
      { call: 'setSignatureAsync', html: expected.html, coercionType: 'html' },
      { call: 'completed' },
    ]);
    expect(JSON.parse(run.cached!)).toMatchObject({ html: expected.html, reply: null, verifiedDomains: ['acme.example'] });
  });

  it("From a shared mailbox, through the browser's CORS check: the template assigned to it, with Jane's own fields; to colleagues only, no banner", async () => {
    const admin = { Authorization: `Bearer ${await env.token(DEMO.acmeAdmin)}` };
    const template = await env.http.post('/api/templates').set(admin).send({ name: 'Sales desk', html: '<p>{{firstName}} {{lastName}} for the sales desk, {{email}}</p>{{banner}}' });
    expect(template.status).toBe(201);
    expect((await env.http.put('/api/template-assignments').set(admin).send({ templateId: template.body.id, target: { kind: 'address', address: 'sales@acme.example' } })).status).toBe(200);

    const shared = await composeInOutlook('newMail', { from: 'Sales@acme.example', to: ['buyer@contoso.example'] });
    expect(shared.apiRequests.filter((r) => r.authorization)).toEqual([{ url: `${apiOrigin}/api/addins/outlook/signature`, origin: addinOrigin, authorization: `Bearer ${shared.accessToken}`, from: 'sales@acme.example' }]);
    const set = shared.calls.filter((c: any) => c.call === 'setSignatureAsync') as { html: string }[];
    expect(set).toHaveLength(1);
    expect(set[0]!.html).toContain('Jane Doe for the sales desk, sales@acme.example');
    // The shared mailbox's signature is not cached as Jane's own.
    expect(shared.cached).toBeUndefined();

    const internal = await composeInOutlook('newMail', { to: ['sam.lee@acme.example'] });
    const own = (await env.http.get('/api/me/signature').set('Authorization', `Bearer ${await env.token(DEMO.acmeUser)}`)).body;
    const inserted = (internal.calls.find((c: any) => c.call === 'setSignatureAsync') as { html: string }).html;
    expect(inserted).toContain('Jane Doe');
    // Jane's own signature carries the demo's running banner; to colleagues it goes without.
    expect(own.campaignId).toBe('spring-launch');
    expect(own.html).toContain(`${env.deps.config.linkBaseUrl}/v/`);
    expect(inserted).not.toContain('/v/');
    expect(JSON.parse(internal.cached!).internal.html).toBe(inserted);
  });

  /** Outlook's page (or another one) at `framer` frames the add-in's page, served from its public origin. */
  async function framedBy(framer: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route('https://appsforoffice.microsoft.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: 'window.Office = { actions: { associate: function (n) { (window.associated = window.associated || []).push(n); } }, context: { mailbox: {}, roamingSettings: { get: function () {} } } };' }));
    await page.route(`${framer}/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><iframe src="https://eu.herald.example/outlook/runtime.html"></iframe>' }));
    // Chromium refuses loopback frames inside a public page (Local Network Access), so the add-in's
    // public origin is played by routing it to the local server, headers included.
    const proxy = async (route: import('playwright-core').Route) => route.fulfill({ response: await route.fetch({ url: route.request().url().replace(/^https:\/\/eu\.herald\.example|^http:\/\/127\.0\.0\.1:\d+/, addinOrigin) }) });
    await page.route('https://eu.herald.example/outlook/**', proxy);
    await page.route(`${addinOrigin}/outlook/**`, proxy);
    return { context, page };
  }

  it('loads inside Outlook on the web (https://outlook.office.com), despite X-Frame-Options: DENY', async () => {
    const { context, page } = await framedBy('https://outlook.office.com');
    await page.goto('https://outlook.office.com/mail/');
    const inFrame = async () => {
      const frame = page.frames().find((f) => f.url().startsWith('https://eu.herald.example/'));
      return frame ? frame.evaluate(() => (globalThis as any).associated ?? null).catch(() => null) : null;
    };
    await expect.poll(inFrame, { timeout: 10_000 }).toEqual(['onNewMessageCompose', 'onNewAppointmentOrganizer', 'onMessageFromChanged', 'onMessageRecipientsChanged']);
    await context.close();
  });

  it('refuses to be framed by any other HTTPS page', async () => {
    const { context, page } = await framedBy('https://outlook.office.example');
    const refused = page.waitForEvent('console', (m) => /frame-ancestors/.test(m.text()));
    await page.goto('https://outlook.office.example/mail/');
    expect((await refused).text()).toContain(`Framing 'https://eu.herald.example/' violates the following Content Security Policy directive: "${addinFrameAncestors()}"`);
    expect(page.frames().some((f) => f.url().startsWith('https://eu.herald.example/'))).toBe(false);
    await context.close();
  });
});
