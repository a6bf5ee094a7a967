import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { readConfig } from '../../functions/src/core/config.js';
import type { AddonEmployee } from '../../functions/src/gmail-addon/addon-employee.js';
import { gmailAddonDeployment, gmailAddonDeploymentInfo } from '../../functions/src/gmail-addon/deployment-descriptor.js';
import { chooseLink, draftRecipients } from '../../functions/src/gmail-addon/draft-banner.js';
import { tenantSettingsSchema } from '../../functions/src/core/schemas/tenant.js';

const key = Buffer.alloc(32, 7).toString('base64');
const production = {
  K_SERVICE: 'gmailAddon',
  GCLOUD_PROJECT: 'herald-eu',
  HERALD_REGION: 'eu',
  LINK_HOST: 'go.eu.herald.example',
  LINK_KEYS: JSON.stringify({ current: 'k1', keys: { k1: key } }),
  UNINSTALL_WEBHOOK_SECRET: 'x'.repeat(40),
  RECIPIENT_KEYS: JSON.stringify({ current: 'r1', keys: { r1: key }, hashKey: key }),
};

/**
 * The deployment resource as Google's REST reference describes it, limited to the fields Herald
 * sets: https://developers.google.com/workspace/add-ons/reference/rest/v1/projects.deployments
 * (AddOns, CommonAddOnManifest, GmailAddOnManifest, ComposeTrigger, MenuItemExtensionPoint,
 * DraftAccess, HttpOptions, HttpAuthorizationHeader).
 */
const deploymentResource = z
  .object({
    oauthScopes: z.array(z.string().startsWith('https://www.googleapis.com/auth/')).min(1),
    addOns: z
      .object({
        common: z.object({ name: z.string().min(1), logoUrl: z.url(), useLocaleFromApp: z.boolean().optional() }).strict(),
        gmail: z
          .object({
            composeTrigger: z
              .object({
                actions: z.array(z.object({ runFunction: z.url({ protocol: /^https$/ }), label: z.string().min(1), logoUrl: z.url().optional() }).strict()).min(1),
                draftAccess: z.enum(['UNSPECIFIED', 'NONE', 'METADATA']),
              })
              .strict(),
          })
          .strict(),
        httpOptions: z.object({ authorizationHeader: z.enum(['HTTP_AUTHORIZATION_HEADER_UNSPECIFIED', 'SYSTEM_ID_TOKEN', 'USER_ID_TOKEN', 'NONE']) }).strict(),
      })
      .strict(),
  })
  .strict();

describe('Gmail add-on configuration', () => {
  it("defaults the endpoint to the function's URL in each region's project, and the identities to empty", () => {
    const eu = readConfig(production);
    expect(eu.gmailAddon).toEqual({ url: 'https://europe-west1-herald-eu.cloudfunctions.net/gmailAddon', serviceAccount: '', clientId: '' });
    const us = readConfig({ ...production, GCLOUD_PROJECT: 'herald-us', HERALD_REGION: 'us', LINK_HOST: 'go.us.herald.example' });
    expect(us.gmailAddon.url).toBe('https://us-central1-herald-us.cloudfunctions.net/gmailAddon');
  });

  it('takes the deployment identities and an explicit URL, and names a bad service account', () => {
    const config = readConfig({ ...production, GMAIL_ADDON_URL: 'https://addon.eu.herald.example/', GMAIL_ADDON_SERVICE_ACCOUNT: 'sa@gcp-sa-gsuiteaddons.iam.gserviceaccount.com', GMAIL_ADDON_CLIENT_ID: '42.apps.googleusercontent.com' });
    expect(config.gmailAddon).toEqual({ url: 'https://addon.eu.herald.example/', serviceAccount: 'sa@gcp-sa-gsuiteaddons.iam.gserviceaccount.com', clientId: '42.apps.googleusercontent.com' });
    expect(() => readConfig({ ...production, GMAIL_ADDON_SERVICE_ACCOUNT: 'not an email' })).toThrow(/gmailAddon\.serviceAccount/);
    expect(() => readConfig({ ...production, GMAIL_ADDON_URL: 'http://addon.eu.herald.example/' })).toThrow(/gmailAddon\.url: must be an https URL/);
  });

  it("always verifies against Google's certificates in production, whatever the environment says", () => {
    expect(readConfig({ ...production, GOOGLE_CERTS_URL: 'http://127.0.0.1:1/certs' }).externalEndpoints.googleCertsUrl).toBe('https://www.googleapis.com/oauth2/v1/certs');
    expect(readConfig({ GOOGLE_CERTS_URL: 'http://127.0.0.1:1/certs' }).externalEndpoints.googleCertsUrl).toBe('http://127.0.0.1:1/certs');
  });
});

describe('deployment descriptor', () => {
  it("matches Google's deployment resource, one per region with that region's endpoint", () => {
    const eu = gmailAddonDeployment(readConfig(production));
    const us = gmailAddonDeployment(readConfig({ ...production, GCLOUD_PROJECT: 'herald-us', HERALD_REGION: 'us', LINK_HOST: 'go.us.herald.example' }));
    for (const d of [eu, us]) deploymentResource.parse(d);
    expect(eu.addOns.gmail.composeTrigger.actions[0]!.runFunction).toBe('https://europe-west1-herald-eu.cloudfunctions.net/gmailAddon');
    expect(us.addOns.gmail.composeTrigger.actions[0]!.runFunction).toBe('https://us-central1-herald-us.cloudfunctions.net/gmailAddon');
    expect(eu.addOns.common.name).not.toBe(us.addOns.common.name);
    expect(eu.addOns.gmail.composeTrigger.draftAccess).toBe('METADATA');
  });

  it('says whether the identities are configured and how to deploy', () => {
    const info = gmailAddonDeploymentInfo(readConfig(production));
    expect(info.configured).toBe(false);
    expect(info.commands).toContain('gcloud workspace-add-ons get-authorization --project=herald-eu');
  });
});

describe('draft recipients and the link choice', () => {
  it('keeps distinct addresses of To, Cc and Bcc, lower-cased, from "Name <address>" too', () => {
    expect(draftRecipients([['Robin Reader <Robin@Outside.example>', ' pat@x.example '], undefined, ['robin@outside.example', '']])).toEqual(['robin@outside.example', 'pat@x.example']);
  });

  const employee = (enabled: boolean): AddonEmployee => ({
    tenantId: 'acme',
    userId: 'u1',
    user: {} as AddonEmployee['user'],
    tenant: {
      name: 'Acme',
      region: 'eu',
      status: 'active',
      domains: ['acme.example'],
      verifiedDomains: ['acme.example', 'acme-group.example'],
      directorySource: 'google',
      settings: tenantSettingsSchema.parse({ recipientTracking: { enabled, retentionDays: 30 } }),
      createdAt: new Date(),
    } as AddonEmployee['tenant'],
  });

  it('chooses a recipient link only for one valid external address of an opted-in tenant', () => {
    expect(chooseLink(employee(true), ['pat@outside.example'])).toEqual({ kind: 'recipient', recipient: 'pat@outside.example' });
    expect(chooseLink(employee(false), ['pat@outside.example'])).toEqual({ kind: 'employee' });
    expect(chooseLink(employee(true), ['pat@outside.example', 'sam@outside.example'])).toEqual({ kind: 'employee' });
    expect(chooseLink(employee(true), [])).toEqual({ kind: 'employee' });
    expect(chooseLink(employee(true), ['not an address'])).toEqual({ kind: 'employee' });
    expect(chooseLink(employee(true), ['colleague@acme-group.example'])).toEqual({ kind: 'employee' });
  });
});
