import { addinFrameAncestors } from '../http/browser-headers.js';
import express from 'express';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Deps } from '../core/deps.js';
import { packageRoot } from '../core/package-root.js';
import { AppError } from '../core/errors.js';
import { errorHandler } from '../http/error-handler.js';
import { ADDIN_PATHS, addinUrls, allowedAddinFiles, outlookManifest } from './outlook-manifest.js';
import { addinAppIdUri, ADDIN_SCOPE_NAME } from './verify-entra-token.js';

/** The bundled runtime and icons (`npm run build -w outlook-addin` writes them into the functions package). */
export const ADDIN_DIST = path.join(packageRoot(), 'addin-dist') + path.sep;

const ICONS = ['16', '32', '64', '80', '128'] as const;

/** The region's settings the served runtime starts with (`var HERALD_ADDIN={…}`): the add-in reads them. */
export interface AddinSettings {
  /** The API origin, e.g. https://eu.herald.example: the runtime calls it with an absolute URL. */
  apiOrigin: string;
  clientId: string;
  /** The delegated scope, e.g. api://eu.herald.example/<client id>/access_as_user. */
  scope: string;
}

/**
 * The add-in's files as Hosting serves them (firebase.json rewrites /outlook/** and /.well-known/**
 * to the `addins` function): the manifest, the runtime (the bundle with this region's settings on
 * its first line), the runtime page, icons and the well-known file. Generated from the region's
 * config, so one build serves both regions; Hosting's CDN caches them for five minutes.
 */
export function createOutlookAddinApp(deps: Deps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  let bundle: string | null = null;
  const runtime = () => {
    const file = ADDIN_DIST + 'runtime.js';
    if (bundle === null) {
      if (!existsSync(file)) throw new AppError('unavailable', 'the add-in runtime is not built: run `npm run build -w outlook-addin`');
      bundle = readFileSync(file, 'utf8');
    }
    const { apiOrigin, clientId } = deps.config.outlookAddin;
    const settings: AddinSettings = { apiOrigin, clientId, scope: `${addinAppIdUri(deps.config)}/${ADDIN_SCOPE_NAME}` };
    return `var HERALD_ADDIN=${JSON.stringify(settings)};\n${bundle}`;
  };
  const cached = (res: express.Response) => res.set('Cache-Control', 'public, max-age=300').set('X-Content-Type-Options', 'nosniff');

  app.get(ADDIN_PATHS.manifest, (_req, res) => {
    cached(res).type('application/xml; charset=utf-8').send(outlookManifest(deps.config));
  });
  app.get(ADDIN_PATHS.runtimeJs, (_req, res) => {
    cached(res).type('text/javascript; charset=utf-8').send(runtime());
  });
  app.get(ADDIN_PATHS.runtimeHtml, (_req, res) => {
    const urls = addinUrls(deps.config);
    cached(res)
      // Outlook on the web and new Outlook frame this page, and only they may (http/browser-headers.ts).
      .set('Content-Security-Policy', addinFrameAncestors())
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html>\n<html><head><meta charset="utf-8"><title>Herald</title>\n` +
          `<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>\n` +
          `<script src="${urls.runtimeJs}"></script>\n</head><body></body></html>\n`,
      );
  });
  app.get(ADDIN_PATHS.wellKnown, (_req, res) => {
    cached(res).json(allowedAddinFiles(deps.config));
  });
  for (const size of ICONS) {
    app.get(`/outlook/icon-${size}.png`, (_req, res, next) => {
      const file = `${ADDIN_DIST}icon-${size}.png`;
      if (!existsSync(file)) return next(new AppError('unavailable', 'the add-in is not built: run `npm run build -w outlook-addin`'));
      cached(res).type('image/png').send(readFileSync(file));
    });
  }
  // An error is never cached, whatever the file's route had set before failing.
  app.use(errorHandler({ log: deps.log, label: 'outlook add-in error', headers: { 'Cache-Control': 'no-store' } }));
  return app;
}
