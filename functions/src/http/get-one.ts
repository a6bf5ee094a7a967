import * as z from 'zod';
import type { Deps } from '../core/deps.js';
import { idSchema } from '../core/schemas/ids.js';
import type { Role } from '../core/schemas/tenant.js';
import { route, type RouteDef } from './route.js';

/**
 * A GET of one thing of the caller's tenant, named by the id that ends its path:
 * `getOne({ path: '/jobs/:jobId', …, load: getJob })` answers `getJob(deps, tenantId, jobId)`.
 */
export function getOne<A extends Role>(def: {
  path: string;
  access: A;
  summary: string;
  load: (deps: Deps, tenantId: string, id: string) => Promise<unknown>;
}): RouteDef<A, Record<string, string>> {
  const param = /\/:(\w+)(?:\/[\w-]+)?$/.exec(def.path)?.[1];
  if (!param) throw new Error(`getOne: ${def.path} has no id parameter`);
  return route({
    method: 'get',
    path: def.path,
    access: def.access,
    summary: def.summary,
    params: z.object({ [param]: idSchema }) as z.ZodType<Record<string, string>>,
    handler: ({ deps, tenantId }, { params }) => def.load(deps, tenantId, params[param]!),
  });
}
