import express, { type Request, type Response } from 'express';
import { addinCors } from '../addins/addin-cors.js';
import { writeAudit } from '../audit/write-audit.js';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { hasRole, isRole } from '../core/roles.js';
import type { Role } from '../core/schemas/tenant.js';
import { verifyCaller, type Caller } from '../http/caller.js';
import { clientAddress } from '../http/client-address.js';
import { errorHandler } from '../http/error-handler.js';
import { AppError, type FieldProblem } from '../core/errors.js';
import { fieldsError, labelFor, labelsOf, parseInput, relabel } from '../core/field-labels.js';
import { assertBodySize, bodyBytes, CSV_BODY_LIMIT, IMAGE_BODY_LIMIT, JSON_BODY_LIMIT, jsonBody, rawBodyOf, readRawBody, refuseEncodedBodies } from '../http/request-body.js';
import { RateLimiter, type RateLimit } from '../http/rate-limit.js';
import { holdFirstByte } from '../http/hold-response.js';
import { RAW, type OperatorContext, type RouteDef, type TableRoute, type TenantContext } from '../http/route.js';
import { auditOperatorRead, authorizeOperator } from '../operator/authorize-operator.js';
import { assertRouteTable, routes as defaultRoutes } from './route-table.js';

export const API_PREFIX = '/api';

/**
 * The API as one express app. Every route's path is under /api because Hosting rewrites keep the
 * full path; locally the same app is mounted at the root of the one Node process.
 */
export function createApiApp(deps: Deps, table: readonly TableRoute[] = defaultRoutes): express.Express {
  assertRouteTable(table);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  // Never inflated: a compressed body is refused before anything reads it. Each route reads its own
  // body (or takes the framework's bytes, req.rawBody) with its own limit, then parses.
  app.use(refuseEncodedBodies);
  // The locator is public and read by the other region's SPA: CORS without credentials.
  app.use(`${API_PREFIX}/locate`, (_req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    next();
  });

  app.use(addinCors(deps.config, API_PREFIX));

  // This instance's own counters (memory only, bounded: http/rate-limit.ts), one per limit: routes
  // that share a limit (the report queries) count together.
  const limiters = new Map<RateLimit, RateLimiter>();
  for (const def of table) {
    const limiter = def.rateLimit ? limiters.get(def.rateLimit) ?? limiters.set(def.rateLimit, new RateLimiter(def.rateLimit)).get(def.rateLimit) : undefined;
    app[def.method](API_PREFIX + def.path, (req: Request, res: Response) => handle(deps, def, req, res, limiter));
  }

  app.use(API_PREFIX, (req: Request) => {
    throw new AppError('not_found', `no route ${req.method} ${req.baseUrl}${req.path}`);
  });
  app.use(errorHandler({ log: deps.log, label: 'api error' }));
  return app;
}

async function handle(deps: Deps, entry: TableRoute, req: Request, res: Response, limiter?: RateLimiter): Promise<void> {
  // A declared size over the route's limit first (nothing read), then who, then whether they may,
  // then the body, read with the route's limit (never past it), then what they sent: an
  // unauthorized caller learns nothing from validation, and only an authorized one can make us
  // read more than a JSON body (the CSV import, 20 MB). Up to the body, the route's head is enough;
  // its area (schemas, checks, handler) loads before the parse, on the first request that gets there.
  let def = entry;
  const bodyLimit = def.bodyType === 'csv' ? CSV_BODY_LIMIT : def.bodyType === 'image' ? IMAGE_BODY_LIMIT : JSON_BODY_LIMIT;
  assertBodySize(req, bodyLimit);
  if (def.rateLimit?.per === 'client') limiter!.consume(`ip:${clientAddress(req)}`);
  const caller = def.access === 'public' ? null : await verifyCaller(deps, req);
  // Operators and tenant members never share a route (http/route.ts `Access`): checked here, once.
  if (caller?.operator && def.access !== 'operator') throw new AppError('permission_denied', 'a Herald operator account reaches a tenant only through access its owners approved, never as a member');
  if (def.access === 'operator' && !caller!.operator) throw new AppError('permission_denied', 'this is open to Herald operators only');
  const open = def.access === 'public' || def.access === 'signed_in';
  const operator: OperatorContext | null = def.access === 'operator' ? { deps, caller: caller!, ...(await authorizeOperator(deps, def, caller!, req)) } : null;
  const tenant = open || operator ? null : await authorizeTenant(deps, caller!, def.access);
  if (def.rateLimit?.per === 'caller') limiter!.consume(`${tenant?.tenantId ?? caller?.tenantId ?? ''}/${caller?.uid ?? clientAddress(req)}`);
  await readRawBody(req, bodyLimit);
  def = 'handler' in entry ? entry : await entry.load();
  const input = await parseAll(def, req, tenant ? { deps, caller: caller!, ...tenant } : null);
  if (operator) await auditOperatorRead(deps, def, operator);
  // One audit entry per request: written before the first byte of an audited read leaves (a file a
  // handler streams itself included; a refusal or an error is not a read), after the handler for a
  // change (its target may need the result).
  let audited: Promise<unknown> | undefined;
  const audit = tenant && def.audit && 'target' in def.audit ? def.audit : null;
  const writeOnce = (result: unknown) =>
    (audited ??= writeAudit(deps, { tenantId: tenant!.tenantId, actor: { uid: caller!.uid, role: tenant!.role }, action: audit!.action, target: audit!.target(input, result) }));
  if (audit && def.method === 'get') holdFirstByte(res, () => (res.statusCode < 400 ? writeOnce(undefined) : Promise.resolve()), () => deps.log.error('audit entry not written: the read was not served', { tenantId: tenant!.tenantId, action: audit.action }));

  let result: unknown;
  try {
    result = await def.handler(operator ?? (tenant ? { deps, caller: caller!, ...tenant } : { deps, caller }), input, res);
  } catch (err) {
    // A handler's `body.field: problem` speaks the same words as the schema (core/field-labels.ts).
    throw err instanceof AppError ? relabel(err, def.body) : err;
  }
  if (audit) await writeOnce(result);
  if (result === RAW) return;
  res.status(def.status ?? 200).json(result ?? null);
}

/**
 * The caller's own tenant, active, and a role at least `minimum`. The token's `tid` claim names the
 * tenant; the role is read from members/{uid}, the record PUT /api/members changes at once, so a
 * demoted or removed admin loses their power with the next request, not when their token expires.
 * One read of both documents (getAll: one round trip).
 */
async function authorizeTenant(deps: Deps, caller: Caller, minimum: Role): Promise<{ tenantId: string; role: Role }> {
  if (!caller.tenantId) throw new AppError('permission_denied', 'this account does not belong to a tenant');
  const tenantRef = doc(deps.db, 'tenants', { tenantId: caller.tenantId });
  const memberRef = doc(deps.db, 'members', { tenantId: caller.tenantId, uid: caller.uid });
  const [tenant, member] = await deps.db.getAll(tenantRef, memberRef);
  if (!tenant!.exists) throw new AppError('not_found', 'your tenant does not exist in this region');
  if (tenant!.get('status') === 'deleting') throw new AppError('gone', 'this tenant is being deleted');
  const role = member!.get('role') as unknown;
  if (!member!.exists || !isRole(role)) throw new AppError('permission_denied', 'this account does not belong to a tenant');
  if (!hasRole(role, minimum)) throw new AppError('permission_denied', `this needs the ${minimum} role or higher`);
  return { tenantId: caller.tenantId, role };
}

/** Params, query and body, each parsed in plain words (core/field-labels.ts); all their problems in one answer. */
async function parseAll(def: RouteDef<any, any, any, any>, req: Request, ctx: TenantContext | null): Promise<{ params: unknown; query: unknown; body: unknown }> {
  const problems: FieldProblem[] = [];
  const attempt = (read: () => unknown): unknown => {
    try {
      return read();
    } catch (err) {
      const fields = fieldsOf(err);
      if (!fields) throw err;
      problems.push(...fields);
      return undefined;
    }
  };
  const input = {
    params: attempt(() => parse(def.params, req.params, 'params')),
    query: attempt(() => parse(def.query, req.query, 'query')),
    body: def.body ? attempt(() => parseBody(def, req)) : undefined,
  };
  if (def.check && ctx && def.bodyType !== 'csv') {
    const raw = attempt(() => jsonBody(req));
    const labels = labelsOf(def.body);
    for (const p of await def.check(ctx, raw)) problems.push({ ...p, label: p.label ?? labelFor(labels, p.field.split('.').slice(1).map((k) => (/^\d+$/.test(k) ? Number(k) : k))) });
  }
  if (problems.length) throw fieldsError(problems);
  return input;
}

function fieldsOf(err: unknown) {
  return err instanceof AppError && err.code === 'invalid_argument' ? (err.details as { fields?: FieldProblem[] } | undefined)?.fields : undefined;
}

function parse(schema: RouteDef['query'], value: unknown, where: string): unknown {
  if (!schema) return {};
  return parseInput(schema, value ?? {}, where);
}

/** From the raw bytes: JSON parsed here, CSV handed on as a Buffer (csv-parse reads buffers). */
function parseBody(def: RouteDef<any, any, any, any>, req: Request): unknown {
  // An image's type is read from its bytes (images/process-image.ts): whatever Content-Type it came with.
  if (def.bodyType === 'image') return parse(def.body, rawBodyOf(req) ?? Buffer.alloc(0), 'body');
  if (def.bodyType === 'csv') {
    if (!req.is(['text/csv', 'application/csv'])) throw new AppError('unsupported_media_type', 'send the file as text/csv');
    return parse(def.body, bodyBytes(req), 'body');
  }
  if (!req.is('application/json')) throw new AppError('unsupported_media_type', 'send a JSON body (Content-Type: application/json)');
  return parse(def.body, jsonBody(req), 'body');
}
