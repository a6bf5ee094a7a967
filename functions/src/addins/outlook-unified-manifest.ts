import type { Config } from '../core/config.js';
import { REGIONS } from '../core/regions.js';
import { ADDIN_VERSION, addinId, addinUrls, isPreviewBuild, LAUNCH_EVENTS, MANIFEST_MIN_MAILBOX, MOBILE_LAUNCH_EVENTS } from './outlook-manifest.js';

/**
 * The unified manifest for Microsoft 365 (JSON) of this region's add-in, built from the same lists
 * and URLs as the XML manifest (outlook-manifest.ts): same id, version, runtime, handlers and
 * domains, so the two cannot drift apart. Schema 1.17, the first GA version for Outlook add-ins
 * (and the one office-addin-manifest-converter writes). The test suite validates it against
 * Microsoft's published schema (bundled in @microsoft/app-manifest).
 */
export const UNIFIED_MANIFEST_VERSION = '1.17';
export const UNIFIED_MANIFEST_SCHEMA = `https://developer.microsoft.com/json-schemas/teams/v${UNIFIED_MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
/** The package's icon files (relative to the app package): 32 px outline and the colour icon. */
export const UNIFIED_MANIFEST_ICONS = { outline: 'icon-32.png', color: 'icon-128.png' } as const;

const RUNTIME_ID = 'HeraldSignatureRuntime';

export function outlookUnifiedManifest(config: Config) {
  const urls = addinUrls(config);
  const { origin, apiOrigin } = config.outlookAddin;
  const preview = isPreviewBuild(config);
  const label = REGIONS[config.region].label;
  const domains = [...new Set([origin, apiOrigin, config.linkBaseUrl].filter((d) => d.startsWith('https://')))];
  const mailbox = (minVersion: string) => [{ name: 'Mailbox', minVersion }];
  return {
    $schema: UNIFIED_MANIFEST_SCHEMA,
    manifestVersion: UNIFIED_MANIFEST_VERSION,
    // Semantic version: the XML manifest's first three parts (raise ADDIN_VERSION for both).
    version: ADDIN_VERSION.split('.').slice(0, 3).join('.'),
    id: addinId(config),
    developer: { name: 'Herald', websiteUrl: origin + '/', privacyUrl: origin + '/', termsOfUseUrl: origin + '/' },
    name: { short: preview ? 'Herald (preview build)' : 'Herald signatures', full: `Herald signatures (${label})${preview ? ' · preview build' : ''}` },
    description: {
      short: 'Inserts your company email signature in new messages and meetings.',
      full: preview
        ? `Preview build of the Herald demo at ${origin}: it shows the manifest's contents; Outlook loads add-ins from HTTPS origins only.`
        : 'Inserts your company email signature in new messages, replies and meetings, on the web, Windows, Mac, Android and iOS.',
    },
    icons: UNIFIED_MANIFEST_ICONS,
    accentColor: '#FFFFFF',
    validDomains: domains,
    authorization: { permissions: { resourceSpecific: [{ name: 'MailboxItem.ReadWrite.User', type: 'Delegated' }] } },
    extensions: [
      {
        requirements: { scopes: ['mail'], capabilities: mailbox(MANIFEST_MIN_MAILBOX) },
        runtimes: [
          {
            requirements: { capabilities: mailbox(MANIFEST_MIN_MAILBOX) },
            id: RUNTIME_ID,
            type: 'general',
            code: { page: urls.runtimeHtml, script: urls.runtimeJs },
            lifetime: 'short',
            actions: LAUNCH_EVENTS.map((e) => ({ id: e.handler, type: 'executeFunction', displayName: e.handler })),
          },
        ],
        autoRunEvents: [
          {
            requirements: { scopes: ['mail'], capabilities: mailbox('1.10'), formFactors: ['desktop'] },
            events: LAUNCH_EVENTS.map((e) => ({ type: e.unified, actionId: e.handler })),
          },
          {
            requirements: { scopes: ['mail'], capabilities: mailbox(MANIFEST_MIN_MAILBOX), formFactors: ['mobile'] },
            events: MOBILE_LAUNCH_EVENTS.map((e) => ({ type: e.unified, actionId: e.handler })),
          },
        ],
      },
    ],
  };
}
