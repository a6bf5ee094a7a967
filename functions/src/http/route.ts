import type { Response } from 'express';
import type * as z from 'zod';
import type { AuditAction } from '../core/audit-actions.js';
import type { Deps } from '../core/deps.js';
import type { FieldProblem } from '../core/errors.js';
import type { Role } from '../core/schemas/tenant.js';
import type { OperatorAccessDoc, OperatorArea } from '../core/schemas/operator-access.js';
import type { Caller } from './caller.js';
import type { RateLimit } from './rate-limit.js';

/**
 * Who may call a route: `public` (no sign-in), `signed_in` (any Firebase user, with or without a
 * tenant), or the minimum tenant role. Tenant routes always act on the caller's own tenant, taken
 * from the token's `tid` claim, never from the URL. `operator`: a Herald operator only (http/caller.ts),
 * kept apart from tenant roles: no tenant route (nor `signed_in` one) is open to an operator, no
 * operator route to a tenant member.
 */
export type Access = 'public' | 'signed_in' | Role | 'operator';

export interface TenantContext {
  deps: Deps;
  caller: Caller;
  tenantId: string;
  role: Role;
}

export interface OpenContext {
  deps: Deps;
  caller: Caller | null;
}

/**
 * An operator route. With `operatorArea`, the route reads the tenant named by `:tenantId` in its
 * path, and the app has found the operator's active approval covering that area (and writing, if
 * the route writes): `tenantId` and `approval` are set; the app audits the read in that tenant.
 */
export interface OperatorContext {
  deps: Deps;
  caller: Caller;
  tenantId: string | null;
  approval: { id: string; doc: OperatorAccessDoc } | null;
}

export type RouteContext<A extends Access> = A extends 'operator' ? OperatorContext : A extends Role ? TenantContext : OpenContext;

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

/** A handler returns JSON, or writes a non-JSON answer itself (CSV, files) and returns `RAW`. */
export const RAW = Symbol('raw response');
export type RouteResult = unknown | typeof RAW;

export interface RouteDef<A extends Access = Access, P = unknown, Q = unknown, B = unknown> {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Path under /api, express syntax: `/users/:userId`. */
  path: string;
  access: A;
  summary: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Body media type; JSON unless said otherwise. `image`: the raw bytes (the type is sniffed from them, never from Content-Type). */
  bodyType?: 'json' | 'csv' | 'image';
  /** Success status (200 unless said otherwise). */
  status?: number;
  /**
   * Mutations by tenant staff are audited: the action name and the target from the input/result,
   * written after the handler; or `inHandler`: the handler writes the entry itself, in the same
   * transaction as the change (role changes: tenants/member-roles.ts), so the route adds none; or
   * `{ none: reason }`: a staff POST that changes nothing (a draft preview, a check) says so, with
   * the reason, instead of writing an entry per call. api/route-table.ts refuses a staff mutation
   * that declares none of the three.
   */
  audit?:
    | { action: AuditAction; target: (input: RouteInput<P, Q, B>, result: unknown) => { type: string; id: string } | null }
    | { action: AuditAction; inHandler: true }
    | { none: string };
  /**
   * Checks of the body against the tenant's own data (a group the directory has), run with the
   * schema on the body as sent, even a malformed one, so a form gets all its problems in one answer
   * (core/field-labels.ts). Returns each problem at its field (`body.targetGroups.1`).
   */
  check?: (ctx: TenantContext, body: unknown) => Promise<FieldProblem[]>;
  /** A per-instance rate limit (429 with Retry-After), counted before the handler runs. */
  rateLimit?: RateLimit;
  /**
   * Operator routes only: the area of the tenant (`:tenantId` in the path) the route reads. The app
   * serves it only under the caller's active approval covering this area, and writes the
   * `operator.read` (or `operator.change`) entry in the tenant's audit trail before answering.
   */
  operatorArea?: OperatorArea;
  /** A valid input, used by the generated isolation and role tests (ids are filled in by the test). */
  example?: { query?: Record<string, unknown>; body?: unknown };
  handler: (ctx: RouteContext<A>, input: RouteInput<P, Q, B>, res: Response) => Promise<RouteResult>;
}

/**
 * What routing, the checks before the body and the table's rules read: a route without its schemas,
 * checks and handler (an audit rule without its target). api/route-table.ts keeps one per route,
 * derived from the area's list and kept in step by test/unit/route-heads.test.ts.
 */
export type RouteHead = Pick<RouteDef, 'method' | 'path' | 'access' | 'summary' | 'bodyType' | 'status' | 'rateLimit' | 'operatorArea'> & {
  audit?: { action: AuditAction; inHandler?: true } | { none: string };
};

/** A route whose area loads on the first request that reaches it (api/route-table.ts). */
export interface LazyRoute extends RouteHead {
  load: () => Promise<RouteDef<any, any, any, any>>;
}

/** An entry of a route table the app serves: a whole route, or its head and how to load the rest. */
export type TableRoute = RouteDef<any, any, any, any> | LazyRoute;

/** Typed helper: infers params/query/body from the schemas. */
export function route<A extends Access, P = Record<string, never>, Q = Record<string, never>, B = undefined>(def: RouteDef<A, P, Q, B>): RouteDef<A, P, Q, B> {
  return def;
}
