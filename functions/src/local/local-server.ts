import express from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Deps } from '../core/deps.js';
import { createApiApp } from '../api/api-app.js';
import { createHooksApp } from '../privacy/hooks-app.js';
import { createLinksApp } from '../links/links-app.js';
import { createImagesApp } from '../images/images-app.js';
import { createOutlookAddinApp } from '../addins/outlook-addin-app.js';
import { ADDIN_PAGES_PREFIX, addinPageHeaders, consoleHeaders } from '../http/browser-headers.js';

/**
 * One express server playing Firebase Hosting: the built SPA at `/`, its `/__/firebase/init.json`,
 * and the function apps on the paths Hosting rewrites to them.
 */
export function createLocalServer(options: { deps: Deps; hostingDir: string; authEmulatorUrl: string; demo?: { simulated: string[]; controlsUrl: string } }): express.Express {
  const { deps, hostingDir } = options;
  const server = express();
  server.disable('x-powered-by');
  // The headers firebase.json gives Hosting (http/browser-headers.ts), with this host's own
  // origins: the Auth emulator (connected to and framed) and the other region's locator.
  const authDomain = `${deps.config.projectId}.firebaseapp.com`;
  const peer = deps.config.peerLocatorUrl ? [new URL(deps.config.peerLocatorUrl).origin] : [];
  const authEmulator = new URL(options.authEmulatorUrl).origin;
  const consolePolicy = consoleHeaders({ connect: [authEmulator, ...peer], frame: [authEmulator, `https://${authDomain}`] });
  const addinPages = addinPageHeaders();
  server.use((req, res, next) => {
    res.set(req.path.startsWith(ADDIN_PAGES_PREFIX) ? addinPages : consolePolicy);
    next();
  });
  server.get('/__/firebase/init.json', (_req, res) => {
    res.json({
      projectId: deps.config.projectId,
      apiKey: 'demo-api-key',
      authDomain,
      // Only the local host adds this: the SPA then talks to the Auth emulator.
      authEmulatorUrl: options.authEmulatorUrl,
      // Only the local host adds this: the console labels what the demo simulates.
      ...(options.demo ? { demo: options.demo } : {}),
    });
  });
  // Before the API app, whose JSON parser would consume the raw body the hook signature covers.
  server.use(createHooksApp(deps));
  server.use(createApiApp(deps));
  // The Outlook add-in's files, as Hosting rewrites /outlook/** and /.well-known/** to the addins function.
  server.use(createOutlookAddinApp(deps));
  const links = createLinksApp(deps);
  server.use(['/c', '/v'], (req, res) => {
    // Mounted at /c and /v like the Hosting rewrites; the links app routes on the full path.
    req.url = req.originalUrl;
    links(req, res);
  });
  // Hosted images, as Hosting rewrites /img/** to the images function.
  const images = createImagesApp(deps);
  server.use('/img', (req, res) => {
    req.url = req.originalUrl;
    images(req, res);
  });
  if (existsSync(path.join(hostingDir, 'index.html'))) {
    server.use(express.static(hostingDir, { index: 'index.html' }));
    server.use((req, res, next) => (req.method === 'GET' && req.accepts('html') ? res.sendFile(path.join(hostingDir, 'index.html')) : next()));
  } else {
    server.get('/', (_req, res) => res.type('text').send('The SPA is not built: run `npm run build:hosting`.'));
  }
  return server;
}
