import zlib from 'node:zlib';
import supertest from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGmailAddonApp } from '../../functions/src/gmail-addon/gmail-addon-app.js';
import { deploymentProblems, googleActionResponse, googleTriggerResponse } from '../support/workspace-addon-schemas.js';
import { createLinksApp, createLinksRuntime } from '../../functions/src/links/links-app.js';
import { decodeToken } from '../../functions/src/tracking/token-codec.js';
import { startGoogleIdTokenIssuer, type GoogleIdTokenIssuer } from '../fakes/google-id-tokens.js';
import { createTestEnv, DEMO, type TestEnv } from '../support/test-env.js';

const SERVICE_ACCOUNT = 'service-123@gcp-sa-gsuiteaddons.iam.gserviceaccount.com';
const CLIENT_ID = '1234567890-addon.apps.googleusercontent.com';
const JANE = { email: 'jane.doe@acme.example', userId: 'u649905b987a36b6' };
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const DESTINATION = 'https://www.acme.example/spring';

let issuer: GoogleIdTokenIssuer;
let env: TestEnv;
let addon: ReturnType<typeof supertest>;
let endpoint: string;

beforeAll(async () => {
  issuer = await startGoogleIdTokenIssuer();
  env = await createTestEnv({ env: { GOOGLE_CERTS_URL: issuer.certsUrl, GMAIL_ADDON_SERVICE_ACCOUNT: SERVICE_ACCOUNT, GMAIL_ADDON_CLIENT_ID: CLIENT_ID } });
  endpoint = env.deps.config.gmailAddon.url;
  addon = supertest(createGmailAddonApp(env.deps));
});

afterAll(async () => {
  await issuer?.close();
});

beforeEach(async () => {
  // The trust binding another issue builds: set here directly.
  await env.deps.db.doc('tenants/acme').update({ verifiedDomains: ['acme.example'], googleCustomerId: 'C0acme0001', 'settings.recipientTracking': { enabled: true, retentionDays: 30 } });
  await env.deps.db.doc('tenants/initech').update({ verifiedDomains: ['initech.example'], googleCustomerId: 'C0initech01' });
  for (const d of (await env.deps.db.collection('tenants/acme/recipientClicks').get()).docs) await d.ref.delete();
});

function systemToken(claims: Record<string, unknown> = {}) {
  return issuer.sign({ aud: endpoint, sub: '1000001', email: SERVICE_ACCOUNT, email_verified: true, ...claims });
}

function userToken(email: string, claims: Record<string, unknown> = {}) {
  return issuer.sign({ aud: CLIENT_ID, sub: '2000002', email, email_verified: true, hd: email.split('@')[1], ...claims });
}

interface Call {
  user?: string;
  userIdToken?: string;
  authorization?: string | null;
  insert?: boolean;
  to?: string[];
  cc?: string[];
  bcc?: string[];
}

/** One add-on request as Gmail sends it: the event object, the system token in Authorization. */
function call({ user = JANE.email, userIdToken, authorization, insert = false, to = [], cc = [], bcc = [] }: Call) {
  const req = addon.post('/').set('Content-Type', 'application/json');
  if (authorization !== null) req.set('Authorization', authorization ?? `Bearer ${systemToken()}`);
  return req.send({
    commonEventObject: { hostApp: 'GMAIL', platform: 'WEB', ...(insert ? { parameters: { action: 'insert' } } : {}) },
    authorizationEventObject: { userIdToken: userIdToken ?? userToken(user), userOAuthToken: 'ya29.not-used' },
    gmail: { toRecipients: to, ccRecipients: cc, bccRecipients: bcc },
  });
}

/** The banner inserted by an insert answer: its click path and token. */
function inserted(body: unknown) {
  const parsed = googleActionResponse(body);
  const content = parsed.renderActions.hostAppAction!.gmailAction.updateDraftActionMarkup.updateBody.insertContents[0]!;
  expect(content.contentType).toBe('MUTABLE_HTML');
  const href = /<a href="([^"]+)"/.exec(content.content)![1]!;
  const src = /<img src="([^"]+)"/.exec(content.content)![1]!;
  return { html: content.content, click: new URL(href).pathname, view: new URL(src).pathname, token: decodeToken(env.deps.config.linkKeys, href.split('/c/')[1]!)! };
}

async function clickThroughLinks(path: string) {
  const links = supertest(createLinksApp(env.deps, createLinksRuntime(env.deps, { cacheTtlMs: 0 })));
  const res = await links.get(path).set('User-Agent', CHROME);
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe(DESTINATION);
}

const recipientClicks = async () => (await env.deps.db.collection('tenants/acme/recipientClicks').get()).docs.map((d) => d.data());

describe('compose trigger', () => {
  it('offers "Insert the banner" for the employee\'s current campaign, as a card Google documents', async () => {
    const res = await call({});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const card = googleTriggerResponse(res.body).action!.navigations![0]!.pushCard;
    expect(card.header?.subtitle).toBe('Spring launch');
    const widgets = card.sections.flatMap((s) => s.widgets);
    const button = widgets.flatMap((w) => ('buttonList' in w ? w.buttonList.buttons : []))[0]!;
    expect(button.text).toBe('Insert the banner');
    expect(button.onClick.action).toEqual({ function: endpoint, parameters: [{ key: 'action', value: 'insert' }] });
    // Opted-in tenant: the employee is told what is recorded, and for how long.
    expect(JSON.stringify(card)).toContain('kept for 30 days');
    // Nothing is minted or written by looking at the card.
    expect(await recipientClicks()).toEqual([]);
  });
});

describe('inserting the banner', () => {
  it('one external recipient and the opt-in: a recipient link whose click creates exactly one sealed record, in the report and erasable', async () => {
    const res = await call({ insert: true, to: ['Robin Reader <Robin.Reader@Outside.example>'] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const banner = inserted(res.body);
    expect(banner.token.kind).toBe('recipient');
    expect(banner.html.toLowerCase()).not.toContain('robin');
    // The view link stays the employee's ordinary one: views are never per recipient.
    const view = decodeToken(env.deps.config.linkKeys, banner.view.slice('/v/'.length))!;
    expect(view).toMatchObject({ kind: 'banner', userCode: banner.token.userCode, campaignCode: banner.token.campaignCode });
    expect(await recipientClicks()).toEqual([]);

    await clickThroughLinks(banner.click);
    const clicks = await recipientClicks();
    expect(clicks).toHaveLength(1);
    expect(clicks[0]!.userId).toBe(JANE.userId);
    expect(clicks[0]!.campaignId).toBe('spring-launch');
    expect(JSON.stringify(clicks[0]).toLowerCase()).not.toContain('robin');

    const admin = await env.token(DEMO.acmeAdmin);
    const report = await env.http.get('/api/reports/campaigns/spring-launch/recipients').set('Authorization', `Bearer ${admin}`);
    expect(report.status).toBe(200);
    expect(report.body.clicks).toEqual([expect.objectContaining({ recipient: 'robin.reader@outside.example', userId: JANE.userId })]);

    const purge = await env.http.post('/api/privacy/purge/recipient').set('Authorization', `Bearer ${admin}`).send({ email: 'robin.reader@outside.example' });
    expect(purge.status).toBe(202);
    await env.deps.tasks.drain();
    expect(await recipientClicks()).toEqual([]);
  });

  it('several recipients: the ordinary employee link, and no recipient record after a click', async () => {
    const res = await call({ insert: true, to: ['pat@outside.example'], cc: ['sam@elsewhere.example'] });
    expect(res.status).toBe(200);
    const banner = inserted(res.body);
    expect(banner.token.kind).toBe('banner');
    await clickThroughLinks(banner.click);
    expect(await recipientClicks()).toEqual([]);
  });

  it('one recipient in Bcc counts like To; the same address twice is one recipient', async () => {
    const res = await call({ insert: true, to: ['pat@outside.example'], bcc: ['PAT@outside.example'] });
    expect(inserted(res.body).token.kind).toBe('recipient');
  });

  it('opt-in off: the ordinary link, nothing recorded about the recipient', async () => {
    await env.deps.db.doc('tenants/acme').update({ 'settings.recipientTracking': { enabled: false, retentionDays: 90 } });
    const res = await call({ insert: true, to: ['pat@outside.example'] });
    const banner = inserted(res.body);
    expect(banner.token.kind).toBe('banner');
    await clickThroughLinks(banner.click);
    expect(await recipientClicks()).toEqual([]);
    const card = await call({});
    expect(JSON.stringify(card.body)).not.toContain('Recipient tracking');
  });

  it('a single colleague is not an external recipient: the ordinary link', async () => {
    const res = await call({ insert: true, to: ['john.smith@acme.example'] });
    expect(inserted(res.body).token.kind).toBe('banner');
  });

  it('no recipient yet: the ordinary link', async () => {
    const res = await call({ insert: true });
    expect(inserted(res.body).token.kind).toBe('banner');
  });

  it('logs ids and counts, never an address', async () => {
    await call({ insert: true, to: ['quinn.private@outside.example'] });
    const text = JSON.stringify(env.log.entries);
    expect(text).toContain('gmail add-on banner inserted');
    expect(text).not.toContain('quinn');
    expect(text).not.toContain('jane');
  });
});

describe('who may use it', () => {
  it('refuses an employee missing from the directory, minting nothing', async () => {
    const before = (await env.deps.db.collection('tenants/acme/linkCodes').get()).size;
    const res = await call({ user: 'nobody.here@acme.example', insert: true, to: ['pat@outside.example'] });
    expect(res.status).toBe(200);
    expect(googleActionResponse(res.body).renderActions.action!.notification!.text).toMatch(/not in your company directory/);
    const card = await call({ user: 'nobody.here@acme.example' });
    expect(JSON.stringify(googleTriggerResponse(card.body))).toMatch(/not in your company directory/);
    expect((await env.deps.db.collection('tenants/acme/linkCodes').get()).size).toBe(before);
  });

  it("maps another tenant's user to their own tenant only", async () => {
    const initech = (await env.deps.db.collection('tenants/initech/users').limit(1).get()).docs[0]!;
    const email = initech.get('email') as string;
    // Initech runs no banner campaign yet: its employee gets Initech's answer, never Acme's banner.
    const none = await call({ user: email, insert: true, to: ['pat@outside.example'] });
    expect(googleActionResponse(none.body).renderActions.action!.notification!.text).toBe('No banner campaign is running for you right now.');
    const now = new Date();
    await env.deps.db.doc('tenants/initech/campaigns/autumn').set({
      kind: 'banner', name: 'Autumn', status: 'active', startAt: now, endAt: null, targetGroups: [], priority: 50, createdAt: now, updatedAt: now,
      banner: { imageUrl: 'https://assets.initech.example/autumn.png', destinationUrl: 'https://www.initech.example/autumn', alt: 'Autumn' },
    });
    try {
      const res = await call({ user: email, insert: true, to: ['pat@outside.example'] });
      const banner = inserted(res.body);
      // Initech did not opt in: the ordinary link, under Initech's own tenant code.
      expect(banner.token.kind).toBe('banner');
      expect(banner.token.tenantCode).toBe((await env.deps.db.doc('tenants/initech').get()).get('linkCode'));
      expect(banner.token.tenantCode).not.toBe((await env.deps.db.doc('tenants/acme').get()).get('linkCode'));
    } finally {
      await env.deps.db.doc('tenants/initech/campaigns/autumn').delete();
    }
    // Jane's address signed for another Google customer (hd) is not Acme's user.
    const forged = await call({ userIdToken: userToken(JANE.email, { hd: 'initech.example' }), insert: true });
    expect(googleActionResponse(forged.body).renderActions.action!.notification!.text).toMatch(/not connected to Herald/);
  });

  it('acts only on verified domains of a tenant bound to a Google customer', async () => {
    await env.deps.db.doc('tenants/acme').update({ verifiedDomains: [] });
    let res = await call({ insert: true });
    expect(res.body.renderActions.action.notification.text).toMatch(/not connected to Herald/);
    await env.deps.db.doc('tenants/acme').update({ verifiedDomains: ['acme.example'], googleCustomerId: null });
    res = await call({ insert: true });
    expect(res.body.renderActions.action.notification.text).toMatch(/not connected to Herald/);
  });

  it('refuses a consumer Google account (no hosted domain) and an unverified address', async () => {
    const consumer = await call({ userIdToken: userToken(JANE.email, { hd: undefined }) });
    expect(consumer.status).toBe(403);
    const unverified = await call({ userIdToken: userToken(JANE.email, { email_verified: false }) });
    expect(unverified.status).toBe(401);
  });
});

describe('authentication', () => {
  const refused = async (input: Call, message: RegExp, status = 401) => {
    const res = await call({ ...input, insert: true, to: ['pat@outside.example'] });
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.message).toMatch(message);
    expect(JSON.stringify(res.body)).not.toContain('jane');
  };

  it('refuses a request without the Google-signed system token', () => refused({ authorization: null }, /^authorization: a Google-signed bearer token is required/));
  it('refuses a forged system token', () => refused({ authorization: `Bearer ${issuer.forge({ aud: endpoint, email: SERVICE_ACCOUNT, email_verified: true })}` }, /^authorization: bad signature/));
  it('refuses an expired system token', () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    return refused({ authorization: `Bearer ${systemToken({ iat: past, exp: past + 3600 })}` }, /^authorization: expired/);
  });
  it('refuses a system token for another endpoint', () => refused({ authorization: `Bearer ${systemToken({ aud: 'https://elsewhere.example/addon' })}` }, /^authorization: wrong audience/));
  it('refuses a system token of another service account', () => refused({ authorization: `Bearer ${systemToken({ email: 'someone@evil.example' })}` }, /service account/));
  it('refuses a token not issued by Google', () => refused({ authorization: `Bearer ${systemToken({ iss: 'https://evil.example' })}` }, /not issued by Google/));
  it('refuses a forged user token', () => refused({ userIdToken: issuer.forge({ aud: CLIENT_ID, email: JANE.email, email_verified: true, hd: 'acme.example' }) }, /^authorizationEventObject\.userIdToken: bad signature/));
  it('refuses an expired user token', () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    return refused({ userIdToken: userToken(JANE.email, { iat: past, exp: past + 3600 }) }, /^authorizationEventObject\.userIdToken: expired/);
  });
  it('refuses a user token for another OAuth client', () => refused({ userIdToken: userToken(JANE.email, { aud: 'other-client.apps.googleusercontent.com' }) }, /^authorizationEventObject\.userIdToken: wrong audience/));
  it("refuses the system token in the user's place", () => refused({ userIdToken: systemToken() }, /userIdToken: wrong audience/));

  it('names a missing field of the event', async () => {
    const res = await addon.post('/').set('Authorization', `Bearer ${systemToken()}`).send({ commonEventObject: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^body\.authorizationEventObject/);
  });

  it('names a body that is not JSON, after checking who sent it', async () => {
    const bad = await addon.post('/').set('Authorization', `Bearer ${systemToken()}`).set('Content-Type', 'application/json').send('{"commonEventObject":');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('body: not valid JSON');
    const unsigned = await addon.post('/').set('Content-Type', 'application/json').send('{"commonEventObject":');
    expect(unsigned.status).toBe(401);
  });

  it('refuses a compressed body without inflating it', async () => {
    const inflate = [vi.spyOn(zlib, 'createGunzip'), vi.spyOn(zlib, 'createInflate'), vi.spyOn(zlib, 'createBrotliDecompress'), vi.spyOn(zlib, 'createUnzip')];
    const res = await addon
      .post('/')
      .set('Authorization', `Bearer ${systemToken()}`)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(zlib.gzipSync(JSON.stringify({ commonEventObject: {}, pad: 'x'.repeat(200_000) })));
    expect(res.status).toBe(415);
    for (const spy of inflate) expect(spy).not.toHaveBeenCalled();
    for (const spy of inflate) spy.mockRestore();
  });

  it('fetches the signing certificates once and caches them (max-age)', () => {
    expect(issuer.certRequests()).toBe(1);
  });

  it('refuses everything while the deployment identities are not configured', async () => {
    const unconfigured = supertest(createGmailAddonApp({ ...env.deps, config: { ...env.deps.config, gmailAddon: { ...env.deps.config.gmailAddon, serviceAccount: '' } } }));
    const res = await unconfigured.post('/').set('Authorization', `Bearer ${systemToken()}`).send({});
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/The Gmail add-on is not set up in this Herald region: that is the operator’s configuration/);
  });
});

describe('GET /api/addins/gmail/deployment', () => {
  it("gives admins this region's deployment descriptor with a METADATA compose trigger on the endpoint", async () => {
    const res = await env.http.get('/api/addins/gmail/deployment').set('Authorization', `Bearer ${await env.token(DEMO.acmeAdmin)}`);
    expect(res.status).toBe(200);
    expect(res.body.deploymentName).toBe('herald-gmail-eu');
    // What the admin downloads is what Google's gsuiteaddons.proto takes.
    expect(deploymentProblems(res.body.descriptor)).toEqual([]);
    expect(res.body.configured).toBe(true);
    expect(res.body.descriptor.oauthScopes).toEqual(
      expect.arrayContaining(['https://www.googleapis.com/auth/gmail.addons.current.action.compose', 'https://www.googleapis.com/auth/gmail.addons.current.message.metadata']),
    );
    expect(res.body.descriptor.addOns.gmail.composeTrigger).toEqual({ actions: [expect.objectContaining({ runFunction: endpoint, label: 'Herald banner' })], draftAccess: 'METADATA' });
    expect(res.body.commands[0]).toBe('gcloud workspace-add-ons deployments create herald-gmail-eu --deployment-file=herald-gmail-eu.json --project=demo-herald');
    const employee = await env.http.get('/api/addins/gmail/deployment').set('Authorization', `Bearer ${await env.token(DEMO.acmeUser)}`);
    expect(employee.status).toBe(403);
  });
});

describe('record of processing', () => {
  it("shows the add-on's purpose, data and where anything it handles is kept", async () => {
    const admin = `Bearer ${await env.token(DEMO.acmeAdmin)}`;
    const json = await env.http.get('/api/privacy/register').set('Authorization', admin);
    const addonEntry = json.body.transientProcessing.find((p: { key: string }) => p.key === 'gmailAddon');
    expect(addonEntry.purpose).toMatch(/exactly one external recipient/);
    expect(addonEntry.personalData.map((d: { key: string }) => d.key)).toEqual(expect.arrayContaining(['recipient_contact', 'contact']));
    expect(addonEntry.dataSubjects.map((d: { key: string }) => d.key)).toEqual(['employee', 'recipient']);
    expect(addonEntry.storage).toMatch(/recipientClicks/);
    const md = await env.http.get('/api/privacy/register').query({ format: 'markdown' }).set('Authorization', admin);
    expect(md.text).toContain('## Processing without storage of its own');
    expect(md.text).toContain('| Gmail compose add-on<br>');
  });
});

describe('recipient links per employee per day (issue 20, item 8)', () => {
  it('past 40 recipient links in a day, still inserts the banner, with the ordinary employee link', async () => {
    const kinds: string[] = [];
    for (let i = 0; i < 41; i++) {
      const res = await call({ insert: true, to: [`reader${i}@outside.example`] });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      kinds.push(inserted(res.body).token.kind);
    }
    expect(kinds.filter((k) => k === 'recipient').length).toBeLessThanOrEqual(40);
    expect(kinds.at(-1)).toBe('banner');
  });
});
