import { createHash } from 'node:crypto';
import type { Config } from '../core/config.js';
import { REGIONS } from '../core/regions.js';
import { notConfigured } from '../core/not-configured.js';
import { LAUNCH_EVENTS, MANIFEST_MIN_MAILBOX, MOBILE_LAUNCH_EVENTS, OUTLOOK_CLIENTS, type OutlookClient } from './outlook-events.js';

/** Raise when the manifest changes: Outlook updates a centrally deployed add-in on a higher version. */
export const ADDIN_VERSION = '1.0.0.0';

/** Where Hosting serves the add-in's files on its origin (served by the `addins` function, see outlook-addin-app.ts). */
export const ADDIN_PATHS = {
  manifest: '/outlook/manifest.xml',
  runtimeHtml: '/outlook/runtime.html',
  runtimeJs: '/outlook/runtime.js',
  icon16: '/outlook/icon-16.png',
  icon32: '/outlook/icon-32.png',
  icon64: '/outlook/icon-64.png',
  icon80: '/outlook/icon-80.png',
  icon128: '/outlook/icon-128.png',
  wellKnown: '/.well-known/microsoft-officeaddins-allowed.json',
} as const;

export { LAUNCH_EVENTS, MANIFEST_MIN_MAILBOX, MOBILE_LAUNCH_EVENTS, OUTLOOK_CLIENTS } from './outlook-events.js';

/** The names of the Outlook clients this manifest runs in (OUTLOOK_CLIENTS says what works on each). */
export const SUPPORTED_CLIENTS = OUTLOOK_CLIENTS.map((c) => c.name);

/** GET /api/addins/outlook/setup: whether this region offers the add-in, and what its manifest is. */
export interface OutlookSetupView {
  /** False when this region's operator has not set the add-in up (nothing the customer can do). */
  available: boolean;
  /** A build for a non-HTTPS origin (the local demo): Outlook loads add-ins from HTTPS only. */
  preview: boolean;
  /** Where the manifest points (null when unavailable). */
  origin: string | null;
  /** Each client, with what works there and the version it needs. */
  clients: readonly OutlookClient[];
}

export function outlookSetup(config: Config): OutlookSetupView {
  const available = Boolean(config.outlookAddin.origin && config.outlookAddin.clientId);
  return { available, preview: available && isPreviewBuild(config), origin: available ? config.outlookAddin.origin : null, clients: OUTLOOK_CLIENTS };
}

/** Built for an origin Outlook would not load from (http://localhost in `npm start`): marked as a preview in the manifest itself. */
export function isPreviewBuild(config: Config): boolean {
  return !config.outlookAddin.origin.startsWith('https://');
}

/** A GUID stable per region and origin, so re-downloading the manifest updates the same add-in. */
export function addinId(config: Config): string {
  const h = createHash('sha256').update(`herald-outlook-addin:${config.region}:${config.outlookAddin.origin}`).digest('hex');
  // RFC 4122 layout with the version nibble 5 and the variant bits 10.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** The URLs the manifest and the well-known file name, from the region's config. */
export function addinUrls(config: Config) {
  const { origin } = config.outlookAddin;
  if (!origin || !config.outlookAddin.clientId) throw notConfigured('The Outlook add-in');
  return Object.fromEntries(Object.entries(ADDIN_PATHS).map(([k, p]) => [k, origin + p])) as Record<keyof typeof ADDIN_PATHS, string>;
}

/**
 * The add-in-only (XML) manifest of this region, the one admins deploy: the unified JSON manifest
 * (outlook-unified-manifest.ts, built from the same lists) reaches Outlook on phones only once
 * published to Microsoft Marketplace. An event-based add-in with no ribbon button: the launch events
 * run the runtime (the HTML page on the web, new Outlook, Mac, Android and iOS; the JavaScript file
 * alone in classic Outlook on Windows). Element order follows Microsoft's schema (MS-OWEMXML),
 * which is a sequence.
 */
export function outlookManifest(config: Config): string {
  const urls = addinUrls(config);
  const { origin, apiOrigin, clientId } = config.outlookAddin;
  const label = REGIONS[config.region].label;
  const preview = isPreviewBuild(config);
  const displayName = preview ? `Herald signatures (${label}) · PREVIEW BUILD for ${origin}` : `Herald signatures (${label})`;
  const description = preview
    ? `Preview build of the Herald demo at ${origin}: it shows the manifest's contents; Outlook loads add-ins from HTTPS origins only.`
    : 'Inserts your company email signature in new messages and meetings.';
  // The add-in's own origin, the API it calls, and the link host its signatures' banners point at.
  const domains = [...new Set([origin, apiOrigin, config.linkBaseUrl].filter((d) => d.startsWith('https://')))];
  const launchEvents = (events: readonly (typeof LAUNCH_EVENTS)[number][]) => events.map((e) => `                <LaunchEvent Type="${e.type}" FunctionName="${e.handler}"/>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
${preview ? `<!-- PREVIEW BUILD: made by a local Herald demo for ${xml(origin)}, not for a customer's tenant. -->\n` : ''}<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0" xmlns:mailappor="http://schemas.microsoft.com/office/mailappversionoverrides/1.0" xsi:type="MailApp">
  <Id>${addinId(config)}</Id>
  <Version>${ADDIN_VERSION}</Version>
  <ProviderName>Herald</ProviderName>
  <DefaultLocale>en-US</DefaultLocale>
  <DisplayName DefaultValue="${xml(displayName)}"/>
  <Description DefaultValue="${xml(description)}"/>
  <IconUrl DefaultValue="${xml(urls.icon64)}"/>
  <HighResolutionIconUrl DefaultValue="${xml(urls.icon128)}"/>
  <SupportUrl DefaultValue="${xml(origin + '/')}"/>
  <AppDomains>
${domains.map((d) => `    <AppDomain>${xml(d)}</AppDomain>`).join('\n')}
  </AppDomains>
  <Hosts>
    <Host Name="Mailbox"/>
  </Hosts>
  <Requirements>
    <Sets>
      <Set Name="Mailbox" MinVersion="1.1"/>
    </Sets>
  </Requirements>
  <FormSettings>
    <Form xsi:type="ItemEdit">
      <DesktopSettings>
        <SourceLocation DefaultValue="${xml(urls.runtimeHtml)}"/>
      </DesktopSettings>
    </Form>
  </FormSettings>
  <Permissions>ReadWriteItem</Permissions>
  <Rule xsi:type="RuleCollection" Mode="Or">
    <Rule xsi:type="ItemIs" ItemType="Message" FormType="Edit"/>
    <Rule xsi:type="ItemIs" ItemType="Appointment" FormType="Edit"/>
  </Rule>
  <DisableEntityHighlighting>true</DisableEntityHighlighting>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides" xsi:type="VersionOverridesV1_0">
    <VersionOverrides xmlns="http://schemas.microsoft.com/office/mailappversionoverrides/1.1" xsi:type="VersionOverridesV1_1">
      <Requirements>
        <bt:Sets DefaultMinVersion="${MANIFEST_MIN_MAILBOX}">
          <bt:Set Name="Mailbox"/>
        </bt:Sets>
      </Requirements>
      <Hosts>
        <Host xsi:type="MailHost">
          <Runtimes>
            <Runtime resid="WebViewRuntime.Url">
              <Override type="javascript" resid="JSRuntime.Url"/>
            </Runtime>
          </Runtimes>
          <DesktopFormFactor>
            <FunctionFile resid="WebViewRuntime.Url"/>
            <ExtensionPoint xsi:type="LaunchEvent">
              <LaunchEvents>
${launchEvents(LAUNCH_EVENTS)}
              </LaunchEvents>
              <SourceLocation resid="WebViewRuntime.Url"/>
            </ExtensionPoint>
          </DesktopFormFactor>
          <MobileFormFactor>
            <ExtensionPoint xsi:type="LaunchEvent">
              <LaunchEvents>
${launchEvents(MOBILE_LAUNCH_EVENTS)}
              </LaunchEvents>
              <SourceLocation resid="WebViewRuntime.Url"/>
            </ExtensionPoint>
          </MobileFormFactor>
        </Host>
      </Hosts>
      <Resources>
        <bt:Images>
          <bt:Image id="Icon.16x16" DefaultValue="${xml(urls.icon16)}"/>
          <bt:Image id="Icon.32x32" DefaultValue="${xml(urls.icon32)}"/>
          <bt:Image id="Icon.80x80" DefaultValue="${xml(urls.icon80)}"/>
        </bt:Images>
        <bt:Urls>
          <bt:Url id="WebViewRuntime.Url" DefaultValue="${xml(urls.runtimeHtml)}"/>
          <bt:Url id="JSRuntime.Url" DefaultValue="${xml(urls.runtimeJs)}"/>
        </bt:Urls>
      </Resources>
    </VersionOverrides>
  </VersionOverrides>
</OfficeApp>
`;
}

/** `/.well-known/microsoft-officeaddins-allowed.json`: the runtime files allowed to make CORS and SSO requests for the add-in (classic Outlook on Windows checks it). */
export function allowedAddinFiles(config: Config): { allowed: string[] } {
  const urls = addinUrls(config);
  return { allowed: [urls.runtimeJs] };
}
