import cors from 'cors';
import type { RequestHandler } from 'express';
import type { Config } from '../core/config.js';

/** The API path the add-in's runtime calls (its route: addins/addin-routes.ts). */
export const ADDIN_SIGNATURE_PATH = '/addins/outlook/signature';

/**
 * Outlook's From address when it is not the employee's own (a shared mailbox, a delegate's
 * mailbox, an alias), sent in a header rather than the URL: request logs keep URLs, and a
 * delegate's address is a person's. Here rather than beside the route so that the app's CORS,
 * loaded with every instance, does not load the add-in's routes.
 */
export const FROM_HEADER = 'X-Herald-From';

/**
 * CORS for the add-in's signature route only, and only for the add-in's own origin: the runtime
 * calls the API from Outlook (a browser runtime on the add-in's origin, or classic Outlook's
 * JavaScript runtime once the well-known file allows it). No cookies: the token is in a header.
 */
export function addinCors(config: Config, prefix: string): RequestHandler {
  const path = prefix + ADDIN_SIGNATURE_PATH;
  const allowed = config.outlookAddin.origin;
  const handler = cors({
    origin: (origin, done) => done(null, Boolean(allowed) && origin === allowed),
    methods: ['GET'],
    allowedHeaders: ['Authorization', 'Accept', FROM_HEADER],
    maxAge: 600,
    credentials: false,
  });
  return (req, res, next) => (req.path === path ? handler(req, res, next) : next());
}
