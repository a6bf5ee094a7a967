import * as z from 'zod';
import { doc } from '../core/catalog.js';
import { RAW, route, type RouteDef } from '../http/route.js';

/**
 * The tenant's side of incidents (Art. 33): its owners and admins list the breaches Herald
 * notified it of, with their timelines, and export them. Read-only: only Herald's operator
 * records incidents (functions/src/local/incident.ts); the tenant comes from the caller's token.
 */
export const incidentRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/incidents',
    access: 'admin',
    summary: 'Personal-data breaches Herald notified this tenant of (Art. 33), newest first, each with its timeline of updates',
    handler: async ({ deps, tenantId }) => (await import('./list-incidents.js')).listIncidents(deps, tenantId),
  }),
  route({
    method: 'get',
    path: '/incidents/export',
    access: 'admin',
    summary: "Download this tenant's incidents with their timelines: JSON, or a readable document with ?format=markdown",
    query: z.object({ format: z.enum(['json', 'markdown']).default('json') }),
    audit: { action: 'incident.export', target: () => null },
    handler: async ({ deps, tenantId }, { query }, res) => {
      const [{ listIncidents }, { incidentsJson, incidentsMarkdown }] = await Promise.all([import('./list-incidents.js'), import('./incident-export.js')]);
      const [list, tenant] = await Promise.all([listIncidents(deps, tenantId), doc(deps.db, 'tenants', { tenantId }).get()]);
      const name = tenant.data()?.name ?? tenantId;
      const now = deps.now();
      const day = now.toISOString().slice(0, 10);
      if (query.format === 'markdown') {
        res.status(200).type('text/markdown; charset=utf-8').set('Content-Disposition', `attachment; filename="security-incidents-${day}.md"`).send(incidentsMarkdown(name, list, now));
      } else {
        res.status(200).type('application/json; charset=utf-8').set('Content-Disposition', `attachment; filename="security-incidents-${day}.json"`).send(incidentsJson(name, list, now));
      }
      return RAW;
    },
  }),
];
