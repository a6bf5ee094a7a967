import express, { type Request, type Response } from 'express';
import type { Deps } from '../core/deps.js';
import { AppError, fromZodError } from '../core/errors.js';
import { RefusedUninstalls } from '../alerts/refused-hooks.js';
import { errorHandler } from '../http/error-handler.js';
import { keepRawBody, rawBodyOf, refuseEncodedBodies } from '../http/request-body.js';
import { uninstallBody, uninstallTenant } from './uninstall-tenant.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from './verify-webhook.js';

const HOOK_BODY_LIMIT = 64 * 1024;

/** Webhooks from the marketplace (/hooks/**), signed with UNINSTALL_WEBHOOK_SECRET: see docs/privacy.md. */
export function createHooksApp(deps: Deps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Per instance (this app): refused requests counted per tenant in memory, alerting its owners (alerts/refused-hooks.ts).
  const refusedUninstalls = new RefusedUninstalls(deps);
  // Never inflated: a compressed body is refused before anything reads it.
  app.use(refuseEncodedBodies);
  // The signature covers the raw bytes (req.rawBody behind Cloud Functions, whose parsers have
  // already turned req.body into JSON), else read here up to the limit: verify, and only then parse.
  app.post('/hooks/uninstall', keepRawBody(HOOK_BODY_LIMIT), async (req: Request, res: Response) => {
    const raw = rawBodyOf(req) ?? Buffer.alloc(0);
    try {
      await verifyWebhook(deps, { signature: req.get(SIGNATURE_HEADER), timestamp: req.get(TIMESTAMP_HEADER) }, raw);
    } catch (err) {
      if (err instanceof AppError) await refusedUninstalls.refused(raw);
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AppError('invalid_argument', 'body: not valid JSON');
    }
    const parsed = uninstallBody.safeParse(json);
    if (!parsed.success) throw fromZodError(parsed.error, 'body');
    const result = await uninstallTenant(deps, parsed.data);
    res.status(result.status === 'deleting' ? 202 : 200).json(result);
  });
  app.use('/hooks', () => {
    throw new AppError('not_found', 'no such hook');
  });
  app.use(errorHandler({ log: deps.log, label: 'hook error', internalMessage: 'the hook failed' }));
  return app;
}
