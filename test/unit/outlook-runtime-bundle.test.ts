import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRuntime } from '../../outlook-addin/build.mjs';
import { CACHE_KEY } from '../../outlook-addin/src/signature-handler.js';
import { stubOffice } from '../support/office-stub.js';

let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'herald-addin-'));
  bundle = readFileSync(await buildRuntime(path.join(dir, 'runtime.js')), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Classic Outlook on Windows runs the file alone in a JavaScript-only runtime: no window, no
 * document, no localStorage; Office, timers and fetch only. A bare vm context is that.
 */
function loadInJavaScriptOnlyRuntime(office: object, fetch: typeof globalThis.fetch) {
  const associated = new Map<string, (event: unknown) => void>();
  const Office = { ...office, actions: { associate: (name: string, fn: (event: unknown) => void) => associated.set(name, fn) } };
  const context = vm.createContext({ Office, setTimeout, clearTimeout, fetch, console: { log() {}, warn() {}, error() {}, info() {}, debug() {} } });
  const settings = { apiOrigin: 'https://eu.herald.example', clientId: '2f6c4d8e-1a3b-4c5d-8e9f-0a1b2c3d4e5f', scope: 'api://eu.herald.example/2f6c4d8e-1a3b-4c5d-8e9f-0a1b2c3d4e5f/access_as_user' };
  vm.runInContext(`var HERALD_ADDIN=${JSON.stringify(settings)};\n${bundle}`, context);
  return associated;
}

describe('the bundled runtime file', () => {
  it('is one classic script (no import/export) that associates the four handlers as soon as it has run', () => {
    expect(bundle).not.toMatch(/^\s*(import|export)\s/m);
    const stub = stubOffice();
    const associated = loadInJavaScriptOnlyRuntime(stub.office, (async () => new Response('{}')) as typeof fetch);
    // Synchronously, at top level: not after Office.onReady, which classic Outlook never waits for.
    expect([...associated.keys()]).toEqual(['onNewMessageCompose', 'onNewAppointmentOrganizer', 'onMessageFromChanged', 'onMessageRecipientsChanged']);
  });

  it('runs without a DOM: with no Nested App Authentication bridge it inserts the cached signature and completes', async () => {
    const stub = stubOffice({ roaming: { [CACHE_KEY]: JSON.stringify({ html: '<p>Cached</p>' }) } });
    const fetched: string[] = [];
    const associated = loadInJavaScriptOnlyRuntime(stub.office, (async (url: string) => {
      fetched.push(url);
      return new Response('{}');
    }) as typeof fetch);
    associated.get('onNewMessageCompose')!(stub.event);
    await stub.done;
    expect(fetched).toEqual([]); // no token, no call
    expect(stub.calls.map((c) => c.call)).toEqual(['disableClientSignatureAsync', 'setSignatureAsync', 'completed']);
    expect(stub.calls[1]).toMatchObject({ html: '<p>Cached</p>' });
  });
});
