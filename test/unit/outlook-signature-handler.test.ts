import { describe, expect, it } from 'vitest';
import { CACHE_KEY, createSignatureHandlers, FROM_HEADER, SignInRequired, type SignatureAnswer } from '../../outlook-addin/src/signature-handler.js';
import { FROM_HEADER as SERVER_FROM_HEADER } from '../../functions/src/addins/addin-cors.js';
import { stubOffice, type OfficeCall, type StubOptions } from '../support/office-stub.js';

const CONFIG = { apiOrigin: 'https://eu.herald.example', clientId: 'c', scope: 'api://eu.herald.example/c/access_as_user', timeoutMs: 200 };
const FULL = '<table><tr><td>Jane Doe</td></tr><tr><td><img src="https://go.eu.herald.example/v/abc" alt="Spring"></td></tr></table>';
const SHORT = '<p>Jane Doe · Acme</p>';

type FetchFn = typeof fetch;
const answering = (status: number, body: unknown | ((from: string | null) => unknown)): { fetch: FetchFn; urls: string[]; auth: (string | null)[]; from: (string | null)[] } => {
  const urls: string[] = [];
  const auth: (string | null)[] = [];
  const from: (string | null)[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    urls.push(url);
    const headers = new Headers(init?.headers);
    auth.push(headers.get('authorization'));
    from.push(headers.get(FROM_HEADER));
    const answer = typeof body === 'function' ? (body as (f: string | null) => unknown)(headers.get(FROM_HEADER)) : body;
    return new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } });
  }) as FetchFn;
  return { fetch, urls, auth, from };
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

function setup(opts: StubOptions & { fetch: FetchFn; getToken?: () => Promise<string> }) {
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
    expect(JSON.parse(s.roaming[CACHE_KEY] as string)).toEqual({ html: FULL, reply: null, internal: null, internalReply: null, verifiedDomains: [] });
    // The person's own From: no From address leaves the add-in.
    expect(api.from).toEqual([null]);
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

  it('a new meeting is signed once: a second run never sets the body again (body.setAsync replaces everything written)', async () => {
    const web = setup({ itemType: 'appointment', platform: 'OfficeOnline', fetch: answering(200, { html: FULL }).fetch });
    web.handlers.onNewAppointmentOrganizer(web.event);
    await web.done;
    await web.fire(web.handlers.onNewAppointmentOrganizer);
    expect(names(web.calls).filter((c) => c === 'body.setAsync')).toHaveLength(1);
    expect(names(web.calls).filter((c) => c === 'completed')).toHaveLength(2);
  });
});

const SALES = '<table><tr><td>Jane Doe · Acme Sales</td></tr></table>';
const INTERNAL = '<p>Jane Doe · Finance</p>';
const INTERNAL_REPLY = '<p>Jane</p>';
const DOMAINS = ['acme.example', 'acme-group.example'];
/** The API as the route answers: the shared mailbox's template when asked for sales@, the person's own otherwise. */
const api = () =>
  answering(200, (from: string | null) =>
    from === 'sales@acme.example'
      ? { html: SALES, reply: null, internal: { html: SALES }, internalReply: null, verifiedDomains: DOMAINS, sendingAs: 'sales@acme.example' }
      : { html: FULL, reply: { html: SHORT }, internal: { html: INTERNAL }, internalReply: { html: INTERNAL_REPLY }, verifiedDomains: DOMAINS, sendingAs: null },
  );
const sets = (calls: OfficeCall[]) => calls.filter((c): c is Extract<OfficeCall, { call: 'setSignatureAsync' }> => c.call === 'setSignatureAsync').map((c) => c.html);

describe('the add-in follows the sending identity (issue 22 item 3)', () => {
  it('From → shared mailbox: asks once with that address, replaces the signature once; picking it again sets nothing', async () => {
    const server = api();
    const s = setup({ fetch: server.fetch });
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    s.setFrom('Sales@Acme.example');
    await s.fire(s.handlers.onMessageFromChanged);
    expect(server.from).toEqual([null, 'sales@acme.example']);
    expect(server.auth).toEqual(['Bearer entra-token', 'Bearer entra-token']);
    expect(sets(s.calls)).toEqual([FULL, SALES]);
    // The same mailbox picked again (Outlook raises the event): no request, no insertion.
    await s.fire(s.handlers.onMessageFromChanged);
    expect(server.urls).toHaveLength(2);
    expect(sets(s.calls)).toEqual([FULL, SALES]);
    // Back to the person's own address: their own signature, once.
    s.setFrom('jane.doe@acme.example');
    await s.fire(s.handlers.onMessageFromChanged);
    expect(server.from).toEqual([null, 'sales@acme.example', null]);
    expect(sets(s.calls)).toEqual([FULL, SALES, FULL]);
    expect(names(s.calls).filter((c) => c === 'completed')).toHaveLength(4);
  });

  it("a shared mailbox's signature is never cached as the person's own; offline, the person's own comes back, not another's", async () => {
    const server = api();
    const s = setup({ fetch: server.fetch, from: 'sales@acme.example' });
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    expect(sets(s.calls)).toEqual([SALES]);
    expect(s.roaming[CACHE_KEY]).toBeUndefined();

    const cached = JSON.stringify({ html: FULL, reply: null });
    const offline = setup({ fetch: down, from: 'sales@acme.example', roaming: { [CACHE_KEY]: cached } });
    offline.handlers.onNewMessageCompose(offline.event);
    await offline.done;
    expect(sets(offline.calls)).toEqual([FULL]);
    expect(offline.roaming[CACHE_KEY]).toBe(cached);
  });

  it('FROM_HEADER is the header the API reads', () => {
    expect(FROM_HEADER).toBe(SERVER_FROM_HEADER);
  });
});

describe('colleagues get the internal variant (issue 22 item 4)', () => {
  it('internal-only recipients get the internal variant; adding an external one restores the banner, without asking the API again', async () => {
    const server = api();
    const s = setup({ fetch: server.fetch, to: ['sam.lee@acme.example'], cc: ['ops@acme-group.example'] });
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    expect(sets(s.calls)).toEqual([INTERNAL]);

    s.setRecipients({ bcc: ['buyer@contoso.example'] });
    await s.fire(s.handlers.onMessageRecipientsChanged);
    expect(sets(s.calls)).toEqual([INTERNAL, FULL]);
    // Another change that keeps an outsider: nothing is set again.
    s.setRecipients({ to: ['sam.lee@acme.example', 'alex.kim@acme.example'] });
    await s.fire(s.handlers.onMessageRecipientsChanged);
    expect(sets(s.calls)).toEqual([INTERNAL, FULL]);
    // The outsider removed: back to the colleagues' variant.
    s.setRecipients({ bcc: [] });
    await s.fire(s.handlers.onMessageRecipientsChanged);
    expect(sets(s.calls)).toEqual([INTERNAL, FULL, INTERNAL]);
    expect(server.urls).toHaveLength(1);
    expect(names(s.calls).filter((c) => c === 'disableClientSignatureAsync')).toHaveLength(3);
    expect(names(s.calls).filter((c) => c === 'completed')).toHaveLength(4);
  });

  it('a new message with no recipients yet, or one whose address is not on a verified domain (sub-domains included), keeps the full signature', async () => {
    for (const to of [[], ['sam.lee@mail.acme.example'], ['sam.lee@acme.example.evil.example'], ['']]) {
      const s = setup({ fetch: api().fetch, to });
      s.handlers.onNewMessageCompose(s.event);
      await s.done;
      expect(sets(s.calls), JSON.stringify(to)).toEqual([FULL]);
    }
  });

  it("a reply to colleagues gets the colleagues' reply variant; with an outsider, the reply variant", async () => {
    const s = setup({ fetch: api().fetch, composeType: 'reply', to: ['sam.lee@acme.example'] });
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    expect(sets(s.calls)).toEqual([INTERNAL_REPLY]);
    s.setRecipients({ cc: ['buyer@contoso.example'] });
    await s.fire(s.handlers.onMessageRecipientsChanged);
    expect(sets(s.calls)).toEqual([INTERNAL_REPLY, SHORT]);
  });

  it('a reply raises its compose and recipients events together: one insertion, each event completed once', async () => {
    const server = api();
    const s = setup({ fetch: server.fetch, composeType: 'reply', to: ['buyer@contoso.example'] });
    s.handlers.onNewMessageCompose(s.event);
    await s.fire(s.handlers.onMessageRecipientsChanged);
    await s.done;
    expect(sets(s.calls)).toEqual([SHORT]);
    expect(server.urls).toHaveLength(1);
    expect(names(s.calls).filter((c) => c === 'completed')).toHaveLength(2);
  });

  it('a recipients change before anything was kept for the item asks the API, then decides', async () => {
    const server = api();
    const s = setup({ fetch: server.fetch, to: ['sam.lee@acme.example'] });
    s.handlers.onMessageRecipientsChanged(s.event);
    await s.done;
    expect(server.urls).toHaveLength(1);
    expect(sets(s.calls)).toEqual([INTERNAL]);
  });

  it('no signature for this person: a recipients change does not ask the API again', async () => {
    const server = answering(404, { error: { code: 'not_found' } });
    const s = setup({ fetch: server.fetch, to: ['sam.lee@acme.example'] });
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    s.setRecipients({ cc: ['buyer@contoso.example'] });
    await s.fire(s.handlers.onMessageRecipientsChanged);
    expect(server.urls).toHaveLength(1);
    expect(sets(s.calls)).toEqual([]);
  });

  it('a client without session data (Mailbox 1.10) still signs new mail as before', async () => {
    const s = setup({ fetch: api().fetch, legacy: true, to: ['buyer@contoso.example'] });
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    expect(sets(s.calls)).toEqual([FULL]);
  });

  it('a signature cached by an earlier version (no internal variant) is used for colleagues too: the full one', async () => {
    const s = setup({ fetch: down, to: ['sam.lee@acme.example'], roaming: { [CACHE_KEY]: JSON.stringify({ html: FULL, reply: null }) } });
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    expect(sets(s.calls)).toEqual([FULL]);
  });

  it('offline with the current cache: colleagues still get the internal variant', async () => {
    const warm = setup({ fetch: api().fetch });
    warm.handlers.onNewMessageCompose(warm.event);
    await warm.done;
    const s = setup({ fetch: down, to: ['sam.lee@acme.example'], roaming: { ...warm.roaming } });
    s.handlers.onNewMessageCompose(s.event);
    await s.done;
    expect(sets(s.calls)).toEqual([INTERNAL]);
  });
});

