import { describe, expect, it } from 'vitest';
import { CACHE_KEY, createSignatureHandlers } from '../../outlook-addin/src/signature-handler.js';
import { MOBILE_LAUNCH_EVENTS } from '../../functions/src/addins/outlook-manifest.js';
import { mobileOutlook } from '../support/office-mobile-fake.js';

const CONFIG = { apiOrigin: 'https://eu.herald.example', clientId: 'c', scope: 'api://eu.herald.example/c/access_as_user', timeoutMs: 200 };
const FULL = '<table><tr><td>Jane Doe</td></tr></table>';
const SHORT = '<p>Jane Doe · Acme</p>';
const answering = (body: unknown) => (async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })) as typeof fetch;
const down = (async () => {
  throw new TypeError('fetch failed');
}) as typeof fetch;

function run(handler: (typeof MOBILE_LAUNCH_EVENTS)[number]['handler'], opts: Parameters<typeof mobileOutlook>[0] & { fetch: typeof fetch }) {
  const phone = mobileOutlook(opts);
  const handlers = createSignatureHandlers({ office: phone.office, config: CONFIG, getToken: async () => 'entra-token', fetch: opts.fetch, setTimeout: (fn, ms) => setTimeout(fn, ms) });
  handlers[handler](phone.event);
  return phone;
}

describe('the add-in runtime on Outlook for Android and iOS (only the APIs phones offer)', () => {
  for (const platform of ['iOS', 'Android'] as const) {
    for (const { handler } of MOBILE_LAUNCH_EVENTS) {
      it(`${platform}, ${handler}: turns off the phone's own signature, sets Herald's, completes once`, async () => {
        const phone = run(handler, { platform, fetch: answering({ html: FULL, reply: { html: SHORT } }) });
        await phone.done;
        await new Promise((r) => setTimeout(r, 20));
        expect(phone.calls.filter((c) => c.call !== 'roamingSettings.saveAsync')).toEqual([
          { call: 'disableClientSignatureAsync' },
          { call: 'setSignatureAsync', html: FULL, coercionType: 'html' },
          { call: 'completed' },
        ]);
        expect(JSON.parse(phone.roaming[CACHE_KEY] as string).html).toBe(FULL);
      });
    }
  }

  it('a reply on a phone gets the reply variant (getComposeTypeAsync is enabled on mobile)', async () => {
    const phone = run('onNewMessageCompose', { platform: 'iOS', composeType: 'reply', fetch: answering({ html: FULL, reply: { html: SHORT } }) });
    await phone.done;
    expect(phone.calls.find((c) => c.call === 'setSignatureAsync')).toMatchObject({ html: SHORT });
  });

  it('offline on a phone: the cached signature, still through the mobile APIs only', async () => {
    const phone = run('onNewMessageCompose', { platform: 'Android', fetch: down, roaming: { [CACHE_KEY]: JSON.stringify({ html: FULL, reply: null }) } });
    await phone.done;
    expect(phone.calls.map((c) => c.call)).toEqual(['disableClientSignatureAsync', 'setSignatureAsync', 'completed']);
  });

  it('the fake refuses what phones lack, so a runtime using it would fail here', () => {
    const phone = mobileOutlook({ platform: 'iOS' });
    const item = phone.office.context.mailbox.item as Record<string, unknown>;
    expect(() => (item.body as Record<string, unknown>).setAsync).toThrow(/Outlook mobile offers an event-based add-in no item\.body\.setAsync/);
    expect(() => item.getAttachmentsAsync).toThrow(/no item\.getAttachmentsAsync/);
  });

  it('a phone switches to the colleagues’ variant and back on a recipients change, with session data and the recipient fields only', async () => {
    const INTERNAL = '<p>Jane · inside</p>';
    const phone = run('onNewMessageCompose', { platform: 'Android', to: ['sam.lee@acme.example'], fetch: answering({ html: FULL, internal: { html: INTERNAL }, verifiedDomains: ['acme.example'] }) });
    await phone.done;
    phone.setRecipients({ cc: ['buyer@contoso.example'] });
    const handlers = createSignatureHandlers({ office: phone.office, config: CONFIG, getToken: async () => 'entra-token', fetch: down, setTimeout: (fn, ms) => setTimeout(fn, ms) });
    // The runtime may be a new one for the next event (Outlook restarts it): what it needs is in the item's session data.
    await phone.fire(handlers.onMessageRecipientsChanged);
    await phone.fire(handlers.onMessageRecipientsChanged);
    expect(phone.calls.filter((c) => c.call === 'setSignatureAsync').map((c) => (c as { html: string }).html)).toEqual([INTERNAL, FULL]);
  });

  it('a phone follows a change of From to a shared mailbox: sets its signature once', async () => {
    const SALES = '<p>Jane · Acme Sales</p>';
    const byFrom = (async (_url: string, init?: RequestInit) =>
      new Response(JSON.stringify(new Headers(init?.headers).get('x-herald-from') === 'sales@acme.example' ? { html: SALES, sendingAs: 'sales@acme.example' } : { html: FULL }), { status: 200, headers: { 'content-type': 'application/json' } })) as typeof fetch;
    const phone = run('onNewMessageCompose', { platform: 'iOS', fetch: byFrom });
    await phone.done;
    phone.setFrom('sales@acme.example');
    const handlers = createSignatureHandlers({ office: phone.office, config: CONFIG, getToken: async () => 'entra-token', fetch: byFrom, setTimeout: (fn, ms) => setTimeout(fn, ms) });
    await phone.fire(handlers.onMessageFromChanged);
    await phone.fire(handlers.onMessageFromChanged);
    expect(phone.calls.filter((c) => c.call === 'setSignatureAsync').map((c) => (c as { html: string }).html)).toEqual([FULL, SALES]);
  });
});

