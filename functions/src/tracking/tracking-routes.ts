import * as z from 'zod';
import { col, doc } from '../core/catalog.js';
import { callerDirectoryUser } from '../directory/caller-user.js';
import { emailSchema } from '../core/schemas/user.js';
import { AppError } from '../core/errors.js';
import type { RateLimit } from '../http/rate-limit.js';
import { RAW, route, type RouteDef } from '../http/route.js';
import { hasRole } from '../core/roles.js';
import { campaignReport, reportQuery, tenantReport } from './campaign-report.js';
import { mintBannerLinks, mintRecipientLinks } from './mint-links.js';
import { recipientReport } from './recipient-report.js';
import { toCsv } from './report-csv.js';
import { labelled } from '../core/field-labels.js';

/** Report queries (aggregations over days of counters), per signed-in caller, shared by every report route. */
export const REPORT_QUERIES: RateLimit = { per: 'caller', max: 30, windowSeconds: 60, what: 'report queries' };

const id = z.string().trim().min(1, 'is required').max(128).regex(/^[^/]+$/, 'must not contain /');
const campaignParams = z.object({ campaignId: id });
const wantsCsv = (res: { req: { accepts(types: string[]): string | false } }) => res.req.accepts(['application/json', 'text/csv']) === 'text/csv';

/** Tracked links and reports: joined into the route table in api/route-table.ts. */
export const trackingRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'post',
    path: '/campaigns/:campaignId/links',
    access: 'editor',
    summary: "An employee's tracked banner links for a campaign: { clickUrl, viewUrl }",
    params: campaignParams,
    body: labelled(z.object({ userId: id }), { userId: 'Person' }),
    example: { body: { userId: 'u649905b987a36b6' } },
    audit: { action: 'links.mint', target: ({ params }) => ({ type: 'campaign', id: params.campaignId }) },
    handler: ({ deps, tenantId }, { params, body }) => mintBannerLinks(deps, { tenantId, campaignId: params.campaignId, userId: body.userId }),
  }),
  route({
    method: 'post',
    path: '/campaigns/:campaignId/recipient-links',
    access: 'user',
    summary: 'The click link for one sender and one recipient (one email), the address sealed in the token (recorded only if the tenant opted in); at most 40 a day per employee',
    params: campaignParams,
    body: labelled(z.object({
      /** The sender; employees may only mint their own links, editors anyone's. */
      userId: id.optional(),
      /** One recipient: a recipient link serves one email to one outside recipient (the Gmail add-on's case). */
      recipients: z.array(emailSchema).min(1, 'needs one recipient').max(1, 'one recipient per request: a recipient link is for an email to one recipient'),
    }), { userId: 'Sender', recipients: 'Recipient' }),
    example: { body: { recipients: ['someone@example.net'] } },
    handler: async ({ deps, tenantId, caller, role }, { params, body }) => {
      // The campaign first: a caller from another tenant learns nothing else.
      if (!(await doc(deps.db, 'campaigns', { tenantId, campaignId: params.campaignId }).get()).exists) throw new AppError('not_found', 'params.campaignId: no such campaign');
      let userId = body.userId;
      if (!userId || !hasRole(role, 'editor')) {
        const ownId = await callerDirectoryUser(deps, tenantId, caller).then(
          (own) => own.id,
          (err: unknown) => {
            if (err instanceof AppError && err.code === 'not_found') throw new AppError('failed_precondition', 'your account has no directory user in this tenant');
            throw err;
          },
        );
        if (userId && userId !== ownId) throw new AppError('permission_denied', "body.userId: only editors may mint another employee's links");
        userId = ownId;
      }
      // Past the employee's daily recipient links: 429 with Retry-After (tracking/mint-quota.ts).
      return { links: await mintRecipientLinks(deps, { tenantId, campaignId: params.campaignId, userId, recipients: body.recipients }) };
    },
  }),
  route({
    method: 'get',
    path: '/reports/campaigns',
    access: 'viewer',
    rateLimit: REPORT_QUERIES,
    summary: 'Views, clicks and bot hits of every banner campaign over a range of days (JSON or text/csv)',
    query: reportQuery,
    handler: async ({ deps, tenantId }, { query }, res) => {
      const report = await tenantReport(deps, tenantId, query);
      if (!wantsCsv(res)) return report;
      const rows = report.campaigns.map((c) => [c.campaignId, c.name, c.status, c.views, c.clicks, c.ctr, c.bot.views, c.bot.clicks]);
      res.type('text/csv').attachment(`campaigns-${report.from}-${report.to}.csv`).send(toCsv(['campaignId', 'name', 'status', 'views', 'clicks', 'ctr', 'botViews', 'botClicks'], rows));
      return RAW;
    },
  }),
  route({
    method: 'get',
    path: '/reports/campaigns/:campaignId',
    access: 'viewer',
    rateLimit: REPORT_QUERIES,
    summary: 'One campaign: views, clicks, CTR, bot hits by reason, days and top employees (JSON or text/csv by day)',
    params: campaignParams,
    query: reportQuery,
    handler: async ({ deps, tenantId }, { params, query }, res) => {
      const report = await campaignReport(deps, tenantId, params.campaignId, query);
      if (!wantsCsv(res)) return report;
      const rows = report.days.map((d) => [d.day, d.views, d.clicks, d.ctr, d.bot.views, d.bot.clicks]);
      rows.push(['total', report.views, report.clicks, report.ctr, report.bot.views, report.bot.clicks]);
      res.type('text/csv').attachment(`campaign-${report.campaignId}-${report.from}-${report.to}.csv`).send(toCsv(['day', 'views', 'clicks', 'ctr', 'botViews', 'botClicks'], rows));
      return RAW;
    },
  }),
  route({
    method: 'get',
    path: '/reports/campaigns/:campaignId/recipients',
    access: 'admin',
    rateLimit: REPORT_QUERIES,
    summary: "Recipient clicks of a campaign (tenants that opted in); every read is audited",
    params: campaignParams,
    audit: { action: 'recipients.read', target: ({ params }) => ({ type: 'campaign', id: params.campaignId }) },
    handler: ({ deps, tenantId }, { params }) => recipientReport(deps, tenantId, params.campaignId),
  }),
];
