import express, { type NextFunction, type Request, type Response } from 'express';
import { addinCors } from '../addins/addin-cors.js';
import { writeAudit } from '../audit/write-audit.js';
import { doc } from '../catalog.js';
import type { Deps } from '../deps.js';
import { hasRole } from '../tenants/roles.js';
import type { Role } from '../tenants/schema.js';
import { verifyCaller, type Caller } from './caller.js';
import { AppError, errorBody, fromZodError } from './errors.js';
import { RAW, type RouteDef } from './route.js';
import { assertRouteTable, routes as defaultRoutes } from './routes.js';

export const API_PREFIX = '/api';

/**
 * The API as one express app. Every route's path is under /api because Hosting rewrites keep the
 * full path; locally the same app is mounted at the root of the one Node process.
 */
export function createApiApp(deps: Deps, table: RouteDef<any, any, any, any>[] = defaultRoutes): express.Express {
  assertRouteTable(table);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(express.json({ limit: '1mb' }));
  app.use(express.text({ type: ['text/csv', 'application/csv'], limit: '20mb' }));
  // The locator is public and read by the other region's SPA: CORS without credentials.
  app.use(`${API_PREFIX}/locate`, (_req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    next();
  });

  app.use(addinCors(deps.config, API_PREFIX));

  for (const def of table) {
    app[def.method](API_PREFIX + def.path, (req: Request, res: Response) => handle(deps, def, req, res));
  }

  app.use(API_PREFIX, (req: Request) => {
    throw new AppError('not_found', `no route ${req.method} ${req.baseUrl}${req.path}`);
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const appError = toAppError(err);
    if (appError.status >= 500) {
      deps.log.error('api error', { method: req.method, route: req.route?.path ?? 'unmatched', error: err instanceof Error ? err.name : 'unknown' });
    }
    res.status(appError.status).json(errorBody(appError));
  });
  return app;
}

async function handle(deps: Deps, def: RouteDef<any, any, any, any>, req: Request, res: Response): Promise<void> {
  // Who, then whether they may, then what they sent: an unauthorized caller learns nothing from validation.
  const caller = def.access === 'public' ? null : await verifyCaller(deps, req);
  const open = def.access === 'public' || def.access === 'signed_in';
  const tenant = open ? null : await authorizeTenant(deps, caller!, def.access);
  const input = {
    params: parse(def.params, req.params, 'params'),
    query: parse(def.query, req.query, 'query'),
    body: def.body ? parseBody(def, req) : undefined,
  };

  let result: unknown;
  if (!tenant) {
    result = await def.handler({ deps, caller }, input, res);
  } else {
    result = await def.handler({ deps, caller: caller!, ...tenant }, input, res);
    if (def.audit) {
      await writeAudit(deps, { tenantId: tenant.tenantId, actor: { uid: caller!.uid, role: tenant.role }, action: def.audit.action, target: def.audit.target(input, result) });
    }
  }
  if (result === RAW) return;
  res.status(def.status ?? 200).json(result ?? null);
}

/** The caller's own tenant, active, and a role at least `minimum`. */
async function authorizeTenant(deps: Deps, caller: Caller, minimum: Role): Promise<{ tenantId: string; role: Role }> {
  if (!caller.tenantId || !caller.role) throw new AppError('permission_denied', 'this account does not belong to a tenant');
  if (!hasRole(caller.role, minimum)) throw new AppError('permission_denied', `this needs the ${minimum} role or higher`);
  const tenant = await doc(deps.db, 'tenants', { tenantId: caller.tenantId }).get();
  const status = tenant.get('status') as string | undefined;
  if (!tenant.exists) throw new AppError('not_found', 'your tenant does not exist in this region');
  if (status === 'deleting') throw new AppError('gone', 'this tenant is being deleted');
  return { tenantId: caller.tenantId, role: caller.role };
}

function parse(schema: RouteDef['query'], value: unknown, where: string): unknown {
  if (!schema) return {};
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw fromZodError(parsed.error, where);
  return parsed.data;
}

function parseBody(def: RouteDef<any, any, any, any>, req: Request): unknown {
  const wantsCsv = def.bodyType === 'csv';
  if (wantsCsv && typeof req.body !== 'string') throw new AppError('unsupported_media_type', 'send the file as text/csv');
  if (!wantsCsv && !req.is('application/json')) throw new AppError('unsupported_media_type', 'send a JSON body (Content-Type: application/json)');
  return parse(def.body, req.body, 'body');
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.parse.failed') return new AppError('invalid_argument', 'body: not valid JSON');
  if (e?.type === 'entity.too.large') return new AppError('payload_too_large', 'body: too large');
  if (e?.status === 415 || e?.type === 'charset.unsupported') return new AppError('unsupported_media_type', 'body: unsupported encoding');
  return new AppError('internal', 'something went wrong on our side');
}
