import express, { type NextFunction, type Request, type Response } from 'express';
import type { Deps } from '../deps.js';
import { AppError, errorBody, fromZodError } from '../http/errors.js';
import { uninstallBody, uninstallTenant } from './uninstall-tenant.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from './verify-webhook.js';

/** Webhooks from the marketplace (/hooks/**), signed with UNINSTALL_WEBHOOK_SECRET: see docs/privacy.md. */
export function createHooksApp(deps: Deps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // The signature covers the raw bytes: parse JSON only after verifying them.
  app.post('/hooks/uninstall', express.raw({ type: () => true, limit: '64kb' }), async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    await verifyWebhook(deps, { signature: req.get(SIGNATURE_HEADER), timestamp: req.get(TIMESTAMP_HEADER) }, raw);
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
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err instanceof AppError ? err : new AppError((err as { type?: string })?.type === 'entity.too.large' ? 'payload_too_large' : 'internal', 'the hook failed');
    if (e.status >= 500) deps.log.error('hook error', { error: err instanceof Error ? err.name : 'unknown' });
    res.status(e.status).json(errorBody(e));
  });
  return app;
}
