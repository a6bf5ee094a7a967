import { route, type RouteDef } from '../http/route.js';
import { gmailAddonDeploymentInfo } from './deployment-descriptor.js';

/** Mail-client add-ins (the Gmail add-on): joined into the route table in api/route-table.ts. */
export const addonRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/addins/gmail/deployment',
    access: 'admin',
    summary: "This region's Gmail add-on: its deployment descriptor (gcloud workspace-add-ons), endpoint and the commands to deploy it",
    handler: async ({ deps }) => gmailAddonDeploymentInfo(deps.config),
  }),
];
