import { z } from 'zod';
import { idSchema } from '../core/schemas/ids.js';
import { route, type RouteDef } from '../http/route.js';
import { getJob } from './job-store.js';

/** Long-running jobs: joined into the route table in api/route-table.ts. */
export const jobRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/jobs/:jobId',
    access: 'admin',
    summary: 'Progress of a long-running job',
    params: z.object({ jobId: idSchema }),
    handler: ({ deps, tenantId }, { params }) => getJob(deps, tenantId, params.jobId),
  }),
];
