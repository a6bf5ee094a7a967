import { getOne } from '../http/get-one.js';
import type { RouteDef } from '../http/route.js';
import { getJob } from './job-store.js';

/** Long-running jobs: joined into the route table in api/route-table.ts. */
export const jobRoutes: RouteDef<any, any, any, any>[] = [
  getOne({ path: '/jobs/:jobId', access: 'admin', summary: 'Progress of a long-running job', load: getJob }),
];
