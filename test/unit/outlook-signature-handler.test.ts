import { describe, expect, it } from 'vitest';
import { CACHE_KEY, createSignatureHandlers, SignInRequired, type SignatureAnswer } from '../../outlook-addin/src/signature-handler.js';
import { stubOffice, type OfficeCall } from '../support/office-stub.js';

const CONFIG = { apiOrigin: 'https://eu.herald.example', clientId: 'c', scope: 'api://eu.herald.example/c/access_as_user', timeoutMs: 200 };
const FULL = '<table><tr><td>Jane Doe</td></tr><tr><td><img src="https://go.eu.herald.example/v/abc" alt="Spring"></td></tr></table>';
const SHORT = '<p>Jane Doe · Acme</p>';

type FetchFn = typeof fetch;
const answering = (status: number, body: unknown): { fetch: FetchFn; urls: string[]; auth: (string | null)[] } => {
  const urls: string[] = [];
  const auth: (string | null)[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    urls.push(url);
    auth.push(new Headers(init?.headers).get('authorization'));
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as FetchFn;
  return { fetch, urls, auth };
};
const aborted: string[] = [];
const hanging: FetchFn = ((url: string, init?: RequestInit) =>
  new Promise((_resolve, reject) =>
    init?.signal?.addEventListener('abort', () => {
      aborted.push(url);
      reject(new Error('aborted'));
    }),
  )) as FetchFn;
const down: FetchFn = (async () => {
  throw new TypeError('fetch failed');
}) as FetchFn;

function setup(opts: Parameters<typeof stubOffice>[0] & { fetch: FetchFn; getToken?: () => Promise<string> }) {
  const stub = stubOffice(opts);
  const handlers = createSignatureHandlers({ office: stub.office, config: CONFIG, getToken: opts.getToken ?? (async () => 'entra-token'), fetch: opts.fetch, setTimeout: (fn, ms) => setTimeout(fn, ms) });
  return { ...stub, handlers };
}

const names = (calls: OfficeCall[]) => calls.map((c) => c.call);
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('the add-in runtime handler', () => {
  it('new message: fetches with an absolute URL and the token, turns off the client signature, sets ours, then completes once', async () => {
    const api = answering(200, { html: FULL, text: 'Jane Doe', templateId: 't', campaignId: null } satisfies SignatureAnswer & Record<string, unknown>);
    const s = setup({ fetch: api.fetch });
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    await settle();
    expect(api.urls).toEqual(['https://eu.herald.example/api/addins/outlook/signature']);
    expect(api.auth).toEqual(['Bearer entra-token']);
    expect(names(s.calls)).toEqual(['roamingSettings.saveAsync', 'disableClientSignatureAsync', 'setSignatureAsync', 'completed']);
    expect(s.calls.find((c) => c.call === 'setSignatureAsync')).toEqual({ call: 'setSignatureAsync', html: FULL, coercionType: 'html' });
    expect(JSON.parse(s.roaming[CACHE_KEY] as string)).toEqual({ html: FULL, reply: null });
  });

  it('reply and forward: the shorter variant when the template defines one, else the full signature', async () => {
    for (const [composeType, reply, expected] of [
      ['reply', { html: SHORT }, SHORT],
      ['forward', { html: SHORT }, SHORT],
      ['reply', null, FULL],
      ['newMail', { html: SHORT }, FULL],
    ] as const) {
      const s = setup({ composeType, fetch: answering(200, { html: FULL, reply }).fetch });
      s.handlers.onNewMessageCompose(s.event);
      await s.done;
      expect(s.calls.find((c) => c.call === 'setSignatureAsync'), composeType).toMatchObject({ html: expected });
    }
  });

  it('appointment: setSignatureAsync on classic Windows and Mac, the body on the web (where signatures are for messages only)', async () => {
    const classic = setup({ itemType: 'appointment', fetch: answering(200, { html: FULL, reply: { html: SHORT } }).fetch });
    classic.handlers.onNewAppointmentOrganizer(classic.event);
    await classic.done;
    expect(names(classic.calls).slice(-2)).toEqual(['setSignatureAsync', 'completed']);
    expect(classic.calls.find((c) => c.call === 'setSignatureAsync')).toMatchObject({ html: FULL });

    const web = setup({ itemType: 'appointment', platform: 'OfficeOnline', fetch: answering(200, { html: FULL }).fetch });
    web.handlers.onNewAppointmentOrganizer(web.event);
    await web.done;
    expect(names(web.calls).slice(-2)).toEqual(['body.setAsync', 'completed']);
    expect(web.calls.find((c) => c.call === 'body.setAsync')).toMatchObject({ html: '<br/><br/>' + FULL });
  });

  it('From change: fetches again and replaces the signature', async () => {
    const api = answering(200, { html: FULL });
    const s = setup({ fetch: api.fetch, composeType: 'newMail' });
    s.handlers.onMessageFromChanged(s.event);
    await s.done;
    expect(api.urls).toHaveLength(1);
    expect(names(s.calls).slice(-2)).toEqual(['setSignatureAsync', 'completed']);
  });

  it('API down: the cached signature is set, and nothing is cached over it', async () => {
    const cached = JSON.stringify({ html: SHORT, reply: null });
    const s = setup({ fetch: down, roaming: { [CACHE_KEY]: cached } });
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    expect(names(s.calls)).toEqual(['disableClientSignatureAsync', 'setSignatureAsync', 'completed']);
    expect(s.calls[1]).toMatchObject({ html: SHORT });
    expect(s.roaming[CACHE_KEY]).toBe(cached);
  });

  it('API down, nothing cached: completes without touching the body', async () => {
    const s = setup({ fetch: answering(503, { error: { code: 'unavailable' } }).fetch });
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    await settle();
    expect(names(s.calls)).toEqual(['completed']);
  });

  it('API slow: gives up after the timeout and uses the cached signature; completes exactly once', async () => {
    const s = setup({ fetch: hanging, roaming: { [CACHE_KEY]: JSON.stringify({ html: SHORT }) } });
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    expect(aborted).toEqual(['https://eu.herald.example/api/addins/outlook/signature']);
    await settle();
    expect(names(s.calls)).toEqual(['disableClientSignatureAsync', 'setSignatureAsync', 'completed']);
  });

  it('sign-in needed: tells the user, inserts the cached signature, completes once', async () => {
    const s = setup({
      fetch: answering(200, { html: FULL }).fetch,
      getToken: async () => {
        throw new SignInRequired('interaction required');
      },
      roaming: { [CACHE_KEY]: JSON.stringify({ html: SHORT }) },
    });
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    await settle();
    expect(names(s.calls)).toEqual(['notificationMessages.addAsync', 'disableClientSignatureAsync', 'setSignatureAsync', 'completed']);
    expect(s.calls[0]).toMatchObject({ message: expect.stringMatching(/Sign in/) });
  });

  it('no template for this employee (404) or tenant gone (410): sets nothing and forgets the cached signature', async () => {
    for (const status of [404, 410]) {
      const s = setup({ fetch: answering(status, { error: { code: 'not_found' } }).fetch, roaming: { [CACHE_KEY]: JSON.stringify({ html: SHORT }) } });
      s.handlers.onNewMessageCompose(s.event);
      await s.done;
      await settle();
      expect(names(s.calls), String(status)).toEqual(['roamingSettings.saveAsync', 'completed']);
      expect(s.roaming[CACHE_KEY]).toBeUndefined();
    }
  });

  it("keeps within Outlook's limits: no signature over 30,000 characters, no cache entry over roaming settings' size", async () => {
    const huge = '<p>' + 'x'.repeat(30_000) + '</p>';
    const s = setup({ fetch: answering(200, { html: huge }).fetch });
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    await settle();
    expect(names(s.calls)).toEqual(['completed']);
    expect(s.roaming[CACHE_KEY]).toBeUndefined();
  });

  it('completes even when Office throws', async () => {
    const s = setup({ fetch: answering(200, { html: FULL }).fetch });
    (s.office.context.mailbox.item as { body: { setSignatureAsync: unknown } }).body.setSignatureAsync = () => {
      throw new Error('boom');
    };
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    await settle();
    expect(names(s.calls).filter((c) => c === 'completed')).toHaveLength(1);
  });
});
