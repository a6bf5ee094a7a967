import type { Request } from 'express';
import * as z from 'zod';
import { AppError } from '../core/errors.js';
import { labelled, parseInput } from '../core/field-labels.js';
import { RAW, route, type RouteDef } from '../http/route.js';
import { ADDIN_SIGNATURE_PATH, FROM_HEADER } from './addin-cors.js';
import { findAddinEmployee } from './addin-employee.js';
import { addinUsage, recordAddinFetch } from './addin-usage.js';
import { outlookManifest, outlookSetup } from './outlook-manifest.js';
import { outlookSignature } from './outlook-signature.js';

function bearer(req: Request): string {
  const match = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '');
  if (!match) throw new AppError('unauthenticated', 'send Authorization: Bearer <Microsoft Entra access token>');
  return match[1]!;
}

/** FROM_HEADER, lower-cased; anything but one address is refused, naming it. */
const fromHeader = labelled(z.object({ from: z.string().trim().toLowerCase().email().max(320).optional() }), { from: 'From address' });

function sendingAsOf(req: Request): string | undefined {
  return parseInput(fromHeader, { from: req.get(FROM_HEADER) }, 'headers').from;
}

/** The Outlook add-in (issue 13): joined into the route table in api/route-table.ts. */
export const addinRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: ADDIN_SIGNATURE_PATH,
    // No Firebase session: the caller proves who they are with a Microsoft Entra access token (checked here).
    access: 'public',
    summary:
      "The Outlook add-in's signature for the employee behind a Microsoft Entra access token (the same as GET /api/me/signature, or, with an X-Herald-From header, the template assigned to that shared mailbox or alias, with the employee's own fields), with its reply and colleagues-only variants and the verified domains; no Firebase session",
    handler: async ({ deps }, _input, res) => {
      const from = sendingAsOf(res.req);
      // jose loads with the first add-in request, not with the API's cold start.
      const { verifyEntraToken } = await import('./verify-entra-token.js');
      const claims = await verifyEntraToken(deps.config, bearer(res.req), deps.now());
      const employee = await findAddinEmployee(deps, claims);
      const signature = await outlookSignature(deps, employee, from);
      try {
        await recordAddinFetch(deps, employee.tenantId, employee.userId);
      } catch (err) {
        // Counting must never cost an employee their signature.
        deps.log.warn('addin fetch not counted', { tenantId: employee.tenantId, error: err instanceof Error ? err.name : 'unknown' });
      }
      return signature;
    },
  }),
  route({
    method: 'get',
    path: '/addins/outlook/manifest',
    access: 'admin',
    summary: "This region's Outlook add-in manifest (XML download) for central deployment in the Microsoft 365 admin center",
    handler: async ({ deps }, _input, res) => {
      const xml = outlookManifest(deps.config);
      res.status(200).type('application/xml; charset=utf-8').attachment(`herald-outlook-${deps.config.region}.xml`).send(xml);
      return RAW;
    },
  }),
  route({
    method: 'get',
    path: '/addins/outlook/usage',
    access: 'admin',
    summary: 'How many employees fetched their signature through the Outlook add-in, per UTC day over the last 30 days (counts only)',
    handler: ({ deps, tenantId }) => addinUsage(deps, tenantId),
  }),
  route({
    method: 'get',
    path: '/addins/outlook/setup',
    access: 'admin',
    summary: "Whether this region offers the Outlook add-in, whether its manifest is a preview build (a non-HTTPS origin), and the Outlook clients it runs in",
    handler: async ({ deps }) => outlookSetup(deps.config),
  }),
];
