import type { Config } from '../core/config.js';
import { REGIONS } from '../core/regions.js';

/**
 * OAuth scopes of the add-on, the fewest that work: run in Gmail, act on the draft being composed,
 * read its metadata (To/Cc/Bcc, with draftAccess METADATA), and the user's address in `userIdToken`.
 */
export const GMAIL_ADDON_SCOPES = [
  'https://www.googleapis.com/auth/gmail.addons.execute',
  'https://www.googleapis.com/auth/gmail.addons.current.action.compose',
  'https://www.googleapis.com/auth/gmail.addons.current.message.metadata',
  'https://www.googleapis.com/auth/userinfo.email',
] as const;

/** Herald's logo as the add-on shows it (a Material icon on Google's font host, always reachable). */
export const GMAIL_ADDON_LOGO_URL = 'https://fonts.gstatic.com/s/i/googlematerialicons/campaign/v6/black-24dp/1x/gm_campaign_black_24dp.png';

export const deploymentName = (config: Pick<Config, 'region'>) => `herald-gmail-${config.region}`;

/**
 * The deployment resource of this region's add-on, as `gcloud workspace-add-ons deployments create
 * NAME --deployment-file=FILE` takes it (Google Workspace add-ons API, projects.deployments:
 * https://developers.google.com/workspace/add-ons/reference/rest/v1/projects.deployments).
 * One compose action whose endpoint is this region's `gmailAddon` function; the request carries
 * the system ID token (audience: that URL) in its Authorization header.
 */
export function gmailAddonDeployment(config: Pick<Config, 'region' | 'gmailAddon'>) {
  return {
    oauthScopes: [...GMAIL_ADDON_SCOPES],
    addOns: {
      common: {
        name: `Herald (${REGIONS[config.region].label})`,
        logoUrl: GMAIL_ADDON_LOGO_URL,
        useLocaleFromApp: true,
      },
      gmail: {
        composeTrigger: {
          actions: [{ runFunction: config.gmailAddon.url, label: 'Herald banner', logoUrl: GMAIL_ADDON_LOGO_URL }],
          draftAccess: 'METADATA',
        },
      },
      httpOptions: { authorizationHeader: 'SYSTEM_ID_TOKEN' },
    },
  };
}

/** GET /api/addins/gmail/deployment: the descriptor and how to deploy it, for the console. */
export interface GmailAddonDeploymentInfo {
  region: Config['region'];
  deploymentName: string;
  endpointUrl: string;
  /** Whether this region's functions know the deployment's identities (set after the first create). */
  configured: boolean;
  descriptor: ReturnType<typeof gmailAddonDeployment>;
  /** The gcloud commands that create, authorise, update and install the deployment. */
  commands: string[];
}

export function gmailAddonDeploymentInfo(config: Pick<Config, 'region' | 'projectId' | 'gmailAddon'>): GmailAddonDeploymentInfo {
  const name = deploymentName(config);
  const file = `${name}.json`;
  return {
    region: config.region,
    deploymentName: name,
    endpointUrl: config.gmailAddon.url,
    configured: Boolean(config.gmailAddon.serviceAccount && config.gmailAddon.clientId),
    descriptor: gmailAddonDeployment(config),
    commands: [
      `gcloud workspace-add-ons deployments create ${name} --deployment-file=${file} --project=${config.projectId}`,
      `gcloud workspace-add-ons get-authorization --project=${config.projectId}`,
      `gcloud workspace-add-ons deployments replace ${name} --deployment-file=${file} --project=${config.projectId}`,
      `gcloud workspace-add-ons deployments install ${name} --project=${config.projectId}`,
    ],
  };
}
