import { readFileSync } from 'node:fs';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/src/core/config.js';
import { addinFrameAncestors, consoleCsp, notUnder, OUTLOOK_FRAME_ANCESTORS } from '../../functions/src/http/browser-headers.js';
import { createLocalDeps } from '../../functions/src/local/local-deps.js';
import { createLocalServer } from '../../functions/src/local/local-server.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { expectedHostingHeaders } from '../support/hosting-headers.js';

/** Issue #20, item 10: one source for the browser headers, in firebase.json and the local host alike. */
describe('browser headers', () => {
  it("firebase.json's hosting.headers are the module's (run `npm run gen:headers` after changing either)", () => {
    const firebase = JSON.parse(readFileSync('firebase.json', 'utf8')) as { hosting: { headers: unknown } };
    expect(firebase.hosting.headers).toEqual(expectedHostingHeaders());
  });

  it('gives the console a strict policy: no inline script, no plugins, no <base>, never framed', () => {
    const csp = consoleCsp({ connect: ['https://herald-us.web.app'], frame: ['https://herald-eu.firebaseapp.com'] });
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives['default-src']).toBe("'self'");
    expect(directives['script-src']).toBe("'self' https://apis.google.com");
    expect(directives['object-src']).toBe("'none'");
    expect(directives['base-uri']).toBe("'none'");
    expect(directives['frame-ancestors']).toBe("'none'");
    expect(directives['connect-src']).toBe("'self' https://identitytoolkit.googleapis.com https://securetoken.googleapis.com https://herald-us.web.app");
    expect(directives['frame-src']).toBe('https://herald-eu.firebaseapp.com');
    expect(csp).not.toMatch(/unsafe-eval/);
  });

  it("matches every path but the add-in pages and Hosting's reserved /__/ with the console rule (an RE2 expression: no lookahead)", () => {
    const regex = expectedHostingHeaders()[0]!.regex!;
    const re = new RegExp(regex);
    for (const path of ['/', '/campaigns', '/o', '/outbox', '/outlook', '/outlookx/y', '/api/locate', '/c/abc', '/_', '/__']) expect(re.test(path), path).toBe(true);
    for (const path of ['/outlook/', '/outlook/runtime.html', '/outlook/icon-64.png', '/__/auth/handler', '/__/firebase/init.json']) expect(re.test(path), path).toBe(false);
    expect(regex).toBe(notUnder(['/outlook/', '/__/']));
    expect(regex).not.toMatch(/\(\?[=!<]/);
  });

  it('the local host sends the same headers, with its own Auth emulator and peer origins', async () => {
    const deps = createLocalDeps({ config: readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald', PEER_LOCATOR_URL: 'http://localhost:5999/api/locate' }), log: memoryLogger(), taskTimeScale: 0 });
    const app = createLocalServer({ deps, hostingDir: '/nonexistent', authEmulatorUrl: 'http://localhost:9199' });
    const page = await supertest(app).get('/');
    expect(page.headers['content-security-policy']).toBe(
      consoleCsp({ connect: ['http://localhost:9199', 'http://localhost:5999'], frame: ['http://localhost:9199', 'https://demo-herald.firebaseapp.com'] }),
    );
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['permissions-policy']).toMatch(/camera=\(\)/);
    const addin = await supertest(app).get('/outlook/runtime.html');
    expect(addin.headers['content-security-policy']).toBe(addinFrameAncestors());
    expect(addin.headers['x-frame-options']).toBeUndefined();
    expect(addinFrameAncestors()).toBe(`frame-ancestors ${OUTLOOK_FRAME_ANCESTORS.join(' ')}`);
  });
});
