import * as z from 'zod';

export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be an id (letters, digits, _ or -)');

/** Every job runs for one tenant; `jobId` links it to a progress document in tenants/{t}/jobs. */
export const tenantTaskSchema = z.object({ tenantId: idSchema, jobId: idSchema.optional() });
