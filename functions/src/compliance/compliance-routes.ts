import * as z from 'zod';
import { RAW, route, type RouteDef, type RouteHead } from '../http/route.js';
import type { RateLimit } from '../http/rate-limit.js';
import type { Deps } from '../core/deps.js';
import type { CompliancePackView } from './compliance-pack.js';
import { PACK_DOCUMENTS, PACK_FORMATS } from './pack-ids.js';

/** Each download builds the documents anew (the PDF costs CPU): a few per person are plenty. */
export const PACK_DOWNLOADS: RateLimit = { per: 'caller', max: 30, windowSeconds: 600, what: 'compliance pack downloads' };

type Table = () => readonly RouteHead[];

/**
 * The compliance pack (issue 23, item 4): made on request from the code and the tenant's own
 * settings, for its admins and owners. `table` is the API's route table, read when a pack is made:
 * the Art. 32 measures list its rate limits, audited routes and access rules.
 */
export function complianceRoutes(table: Table): RouteDef<any, any, any, any>[] {
  const inputs = async (deps: Deps, tenantId: string) => {
    const [{ loadPackSettings }, { codeVersion }, { collectCodeFacts }] = await Promise.all([import('./compliance-pack.js'), import('./code-version.js'), import('./code-facts.js')]);
    return { settings: await loadPackSettings(deps, tenantId), version: codeVersion(), facts: collectCodeFacts(table()) };
  };
  return [
    route({
      method: 'get',
      path: '/compliance/pack',
      access: 'admin',
      summary: "The compliance pack's documents, the code version and the SHA-256 of the settings they are made from",
      handler: async ({ deps, tenantId }): Promise<CompliancePackView> => {
        const { buildPack, packView } = await import('./compliance-pack.js');
        return packView(buildPack(await inputs(deps, tenantId)));
      },
    }),
    route({
      method: 'get',
      path: '/compliance/pack/:document',
      access: 'admin',
      summary: 'Download one document of the compliance pack, or all of them (`all`), as Markdown or PDF (?format=pdf)',
      params: z.object({ document: z.enum(['all', ...PACK_DOCUMENTS], { message: "must be one of the pack's documents" }) }),
      query: z.object({ format: z.enum(PACK_FORMATS, { message: 'must be markdown or pdf' }).default('markdown') }),
      rateLimit: PACK_DOWNLOADS,
      audit: { action: 'compliance.pack_download', target: (i) => ({ type: 'compliance_pack', id: i.params.document }) },
      example: { query: { format: 'markdown' } },
      handler: async ({ deps, tenantId }, { params, query }, res) => {
        const { buildPack, packFile } = await import('./compliance-pack.js');
        const file = await packFile(buildPack(await inputs(deps, tenantId)), params.document, query.format);
        res.status(200).type(file.contentType).set('Content-Disposition', `attachment; filename="${file.name}"`).send(file.data);
        return RAW;
      },
    }),
  ];
}
