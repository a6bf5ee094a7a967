import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/src/core/config.js';
import { LAUNCH_EVENTS, MOBILE_LAUNCH_EVENTS, outlookManifest } from '../../functions/src/addins/outlook-manifest.js';
import { outlookUnifiedManifest } from '../../functions/src/addins/outlook-unified-manifest.js';
import { convertXmlManifest, microsoftManifestProblems } from '../support/microsoft-manifest-schemas.js';

const CLIENT_ID = '2f6c4d8e-1a3b-4c5d-8e9f-0a1b2c3d4e5f';
const regionConfig = (region: 'eu' | 'us', origin = `https://${region}.herald.example`) =>
  readConfig({ VITEST: '1', HERALD_REGION: region, LINK_HOST: `go.${region}.herald.example`, OUTLOOK_ADDIN_ORIGIN: origin, API_ORIGIN: `https://api.${region}.herald.example`, MICROSOFT_CLIENT_ID: CLIENT_ID });
const CONFIGS = { eu: regionConfig('eu'), us: regionConfig('us'), preview: regionConfig('eu', 'http://localhost:5002') };

describe("the unified JSON manifest against Microsoft's published schema (@microsoft/app-manifest)", () => {
  for (const [name, config] of Object.entries(CONFIGS)) {
    it(`${name}: valid`, async () => {
      expect(await microsoftManifestProblems(outlookUnifiedManifest(config))).toEqual([]);
    });
  }

  it('a manifest the schema rejects fails: a misspelt event field, a bad colour, a short name over 30 characters', async () => {
    const manifest = outlookUnifiedManifest(CONFIGS.eu);
    const broken = structuredClone(manifest) as Record<string, any>;
    broken.extensions[0].autoRunEvents[0].events[0].actionid = 'onNewMessageCompose';
    broken.accentColor = 'white';
    broken.name.short = 'Herald signatures for every employee';
    const problems = await microsoftManifestProblems(broken as typeof manifest);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/extensions\/0\/autoRunEvents\/0\/events\/0 must NOT have additional properties.*actionid/),
        expect.stringMatching(/^\/accentColor must match pattern/),
        expect.stringMatching(/^\/name\/short must NOT have more than 30 characters/),
      ]),
    );
  });

  it('says what the XML says: same id, runtime, handlers, and the mobile events', () => {
    const json = outlookUnifiedManifest(CONFIGS.eu);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(outlookManifest(CONFIGS.eu)).OfficeApp;
    expect(json.id).toBe(xml.Id);
    const [extension] = json.extensions;
    expect(extension!.runtimes[0]!.code).toEqual({ page: 'https://eu.herald.example/outlook/runtime.html', script: 'https://eu.herald.example/outlook/runtime.js' });
    expect(extension!.runtimes[0]!.actions.map((a) => a.id)).toEqual(LAUNCH_EVENTS.map((e) => e.handler));
    const byFormFactor = Object.fromEntries(extension!.autoRunEvents.map((g) => [g.requirements.formFactors[0], g.events]));
    expect(byFormFactor.desktop).toEqual(LAUNCH_EVENTS.map((e) => ({ type: e.unified, actionId: e.handler })));
    expect(byFormFactor.mobile).toEqual([
      { type: 'newMessageComposeCreated', actionId: 'onNewMessageCompose' },
      { type: 'messageFromChanged', actionId: 'onMessageFromChanged' },
      { type: 'messageRecipientsChanged', actionId: 'onMessageRecipientsChanged' },
    ]);
    expect(json.validDomains).toEqual(xml.AppDomains.AppDomain);
  });
});

describe("the XML manifest through Microsoft's converter (office-addin-manifest-converter), then the schema", () => {
  for (const [name, config] of Object.entries(CONFIGS)) {
    it(`${name}: converts, and what it produces is valid`, async () => {
      const converted = await convertXmlManifest(outlookManifest(config));
      expect(await microsoftManifestProblems(converted)).toEqual([]);
      // The converter read our handlers, runtime and Mailbox requirement.
      const extension = (converted.extensions as any[])[0];
      expect(extension.runtimes[0].actions.map((a: { id: string }) => a.id)).toEqual(LAUNCH_EVENTS.map((e) => e.handler));
      expect(extension.runtimes[0].code.page).toMatch(/\/outlook\/runtime\.html$/);
      const mobile = extension.autoRunEvents.find((g: { requirements: { formFactors: string[] } }) => g.requirements.formFactors.includes('mobile'));
      expect(mobile.events.map((e: { actionId: string }) => e.actionId)).toEqual(MOBILE_LAUNCH_EVENTS.map((e) => e.handler));
      expect(mobile.requirements.capabilities).toEqual([{ name: 'Mailbox', minVersion: '1.5' }]);
    });
  }

  it('an XML manifest Microsoft cannot read (no Id) fails the suite', async () => {
    const xml = outlookManifest(CONFIGS.eu).replace('<Id>', '<Identifier>').replace('</Id>', '</Identifier>');
    const converted = await convertXmlManifest(xml).catch((err: Error) => err);
    const problems = converted instanceof Error ? [converted.message] : await microsoftManifestProblems(converted);
    expect(problems).not.toEqual([]);
  });
});
