import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/src/core/config.js';
import { allowedAddinFiles, LAUNCH_EVENTS, MANIFEST_MIN_MAILBOX, OUTLOOK_CLIENTS, outlookManifest, outlookSetup, SUPPORTED_CLIENTS } from '../../functions/src/addins/outlook-manifest.js';

const CLIENT_ID = '2f6c4d8e-1a3b-4c5d-8e9f-0a1b2c3d4e5f';
const regionConfig = (region: 'eu' | 'us') =>
  readConfig({
    VITEST: '1',
    HERALD_REGION: region,
    LINK_HOST: `go.${region}.herald.example`,
    OUTLOOK_ADDIN_ORIGIN: `https://${region}.herald.example`,
    API_ORIGIN: `https://api.${region}.herald.example`,
    MICROSOFT_CLIENT_ID: CLIENT_ID,
  });

const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['LaunchEvent', 'bt:Url', 'bt:Image', 'AppDomain', 'Rule'].includes(name) }).parse(xml);
/** Child element names of OfficeApp, in document order. */
const childOrder = (xml: string) => {
  const tree = new XMLParser({ ignoreAttributes: true, preserveOrder: true }).parse(xml) as Record<string, unknown>[];
  const app = tree.find((n) => 'OfficeApp' in n)!.OfficeApp as Record<string, unknown>[];
  return app.map((n) => Object.keys(n).find((k) => k !== ':@')!).filter((k) => k !== '#text');
};

describe('the Outlook add-in manifest', () => {
  const xml = outlookManifest(regionConfig('eu'));
  const app = parse(xml).OfficeApp;
  const inner = app.VersionOverrides.VersionOverrides;
  const host = inner.Hosts.Host;
  const urls = Object.fromEntries((inner.Resources['bt:Urls']['bt:Url'] as { '@id': string; '@DefaultValue': string }[]).map((u) => [u['@id'], u['@DefaultValue']]));

  it('is well-formed XML, a MailApp of the 1.1 schema', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(app['@xmlns']).toBe('http://schemas.microsoft.com/office/appforoffice/1.1');
    expect(app['@xsi:type']).toBe('MailApp');
    expect(app.Id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(app.Version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it("has OfficeApp's elements in the order of Microsoft's schema (a sequence)", () => {
    // MS-OWEMXML, OfficeApp / MailApp: each element optional or required, but never out of this order.
    const schemaOrder = ['Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'FormSettings', 'Permissions', 'Rule', 'DisableEntityHighlighting', 'VersionOverrides'];
    const order = childOrder(xml);
    expect(order.every((name) => schemaOrder.includes(name))).toBe(true);
    expect(order).toEqual(schemaOrder.filter((name) => order.includes(name)));
    expect(order).toEqual(expect.arrayContaining(['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'FormSettings', 'Permissions', 'Rule', 'VersionOverrides']));
  });

  it('names every launch event with its handler, and the runtime associates exactly those handlers at top level', () => {
    const extension = host.DesktopFormFactor.ExtensionPoint;
    expect(extension['@xsi:type']).toBe('LaunchEvent');
    const events = (extension.LaunchEvents.LaunchEvent as { '@Type': string; '@FunctionName': string }[]).map((e) => [e['@Type'], e['@FunctionName']]);
    expect(events).toEqual([
      ['OnNewMessageCompose', 'onNewMessageCompose'],
      ['OnNewAppointmentOrganizer', 'onNewAppointmentOrganizer'],
      ['OnMessageFromChanged', 'onMessageFromChanged'],
      ['OnMessageRecipientsChanged', 'onMessageRecipientsChanged'],
    ]);
    const runtime = readFileSync('outlook-addin/src/runtime.ts', 'utf8');
    const associated = [...runtime.matchAll(/^Office\.actions\.associate\('(\w+)'/gm)].map((m) => m[1]);
    expect(associated).toEqual(LAUNCH_EVENTS.map((e) => e.handler));
    const code = runtime.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    expect(code).toMatch(/Office\.actions\.associate/);
    expect(code).not.toMatch(/onReady|\bdocument\b|\bwindow\b|localStorage/);
  });

  it('asks for the Mailbox set phones have (1.5; desktop raises each event from its own minimum) and runs the JavaScript file alone where Outlook needs it (classic Windows)', () => {
    expect(inner.Requirements['bt:Sets']['@DefaultMinVersion']).toBe(MANIFEST_MIN_MAILBOX);
    expect(Object.fromEntries(LAUNCH_EVENTS.map((e) => [e.type, e.minMailbox]))).toEqual({ OnNewMessageCompose: '1.10', OnNewAppointmentOrganizer: '1.10', OnMessageFromChanged: '1.13', OnMessageRecipientsChanged: '1.11' });
    expect(inner.Requirements['bt:Sets']['bt:Set']['@Name']).toBe('Mailbox');
    expect(LAUNCH_EVENTS.find((e) => e.type === 'OnMessageFromChanged')!.minMailbox).toBe('1.13');
    const runtime = host.Runtimes.Runtime;
    expect(host['@xsi:type']).toBe('MailHost');
    expect(runtime.Override['@type']).toBe('javascript');
    expect(urls[runtime['@resid']]).toBe('https://eu.herald.example/outlook/runtime.html');
    expect(urls[runtime.Override['@resid']]).toBe('https://eu.herald.example/outlook/runtime.js');
    expect(host.DesktopFormFactor.ExtensionPoint.SourceLocation['@resid']).toBe(runtime['@resid']);
    expect(app.Permissions).toBe('ReadWriteItem');
  });

  it("points only at the region's HTTPS hosts, and every resid it uses is defined", () => {
    const values = [...xml.matchAll(/(?:DefaultValue="|<AppDomain>)(https?:[^"<]+)/g)].map((m) => m[1]!);
    expect(values.length).toBeGreaterThan(8);
    for (const url of values) expect(url, url).toMatch(/^https:\/\/(api\.|go\.)?eu\.herald\.example(\/|$)/);
    expect(app.AppDomains.AppDomain).toEqual(['https://eu.herald.example', 'https://api.eu.herald.example', 'https://go.eu.herald.example']);
    const defined = new Set([...xml.matchAll(/<bt:(?:Url|Image|String) id="([^"]+)"/g)].map((m) => m[1]));
    const used = [...xml.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(2);
    for (const id of used) expect(defined.has(id), id).toBe(true);
    expect(defined.has('Icon.16x16')).toBe(true); // the sign-in notification's icon
  });

  it('differs per region: its own id and hosts', () => {
    const us = parse(outlookManifest(regionConfig('us'))).OfficeApp;
    expect(us.Id).not.toBe(app.Id);
    expect(us.IconUrl['@DefaultValue']).toBe('https://us.herald.example/outlook/icon-64.png');
    expect(parse(outlookManifest(regionConfig('eu'))).OfficeApp.Id).toBe(app.Id);
  });

  it('allows only the runtime file in the well-known file', () => {
    expect(allowedAddinFiles(regionConfig('eu'))).toEqual({ allowed: ['https://eu.herald.example/outlook/runtime.js'] });
  });

  it('refuses to configure a non-HTTPS or non-origin add-in host, naming the field', () => {
    expect(() => readConfig({ VITEST: '1', OUTLOOK_ADDIN_ORIGIN: 'http://eu.herald.example' })).toThrow(/outlookAddin\.origin: must be an https:\/\/ origin/);
    expect(() => readConfig({ VITEST: '1', API_ORIGIN: 'https://eu.herald.example/api' })).toThrow(/outlookAddin\.apiOrigin: must be an origin without a path/);
    expect(() => readConfig({ VITEST: '1', MICROSOFT_CLIENT_ID: 'herald' })).toThrow(/outlookAddin\.clientId/);
  });

  it('is refused when the region has no add-in configured', () => {
    const bare = readConfig({ VITEST: '1', LINK_HOST: 'go.eu.herald.example' });
    expect(() => outlookManifest(bare)).toThrow(/not set up in this Herald region/);
  });
});

describe('the manifest of a local demo', () => {
  const demo = readConfig({ VITEST: '1', HERALD_REGION: 'eu', LINK_HOST: 'localhost:5123', MICROSOFT_CLIENT_ID: CLIENT_ID });

  it('is built for the demo’s origin and marked as a preview build, in its name and description', () => {
    const xml = outlookManifest(demo);
    expect(XMLValidator.validate(xml)).toBe(true);
    const app = parse(xml).OfficeApp;
    expect(app.DisplayName['@DefaultValue']).toBe('Herald signatures (European Union (Belgium, europe-west1)) · PREVIEW BUILD for http://localhost:5123');
    // The schema's limits: 125 characters for the name, 250 for the description.
    expect(app.DisplayName['@DefaultValue'].length).toBeLessThanOrEqual(125);
    expect(app.Description['@DefaultValue'].length).toBeLessThanOrEqual(250);
    expect(app.Description['@DefaultValue']).toContain('Outlook loads add-ins from HTTPS origins only');
    expect(app.VersionOverrides.VersionOverrides.Resources['bt:Urls']['bt:Url'][0]['@DefaultValue']).toBe('http://localhost:5123/outlook/runtime.html');
    expect(outlookSetup(demo)).toEqual({ available: true, preview: true, origin: 'http://localhost:5123', clients: OUTLOOK_CLIENTS });
  });

  it('a production manifest is no preview, and the clients promised are the ones its form factors reach', () => {
    const xml = outlookManifest(regionConfig('eu'));
    expect(xml).not.toContain('PREVIEW');
    expect(outlookSetup(regionConfig('eu')).preview).toBe(false);
    // Desktop and mobile form factors, and the clients promised name both, phones included.
    const host = parse(xml).OfficeApp.VersionOverrides.VersionOverrides.Hosts.Host;
    expect(Object.keys(host).filter((k) => k.endsWith('FormFactor'))).toEqual(['DesktopFormFactor', 'MobileFormFactor']);
    expect(SUPPORTED_CLIENTS).toEqual(expect.arrayContaining([expect.stringMatching(/Android/), expect.stringMatching(/iPhone/), 'Outlook on the web', 'Outlook on Mac']));
  });

  it('on phones: the launch events Outlook on Android and iOS raise (new message, From change, recipients change), on the same runtime, within Mailbox 1.5', () => {
    const inner = parse(outlookManifest(regionConfig('eu'))).OfficeApp.VersionOverrides.VersionOverrides;
    const mobile = inner.Hosts.Host.MobileFormFactor;
    expect(mobile.ExtensionPoint['@xsi:type']).toBe('LaunchEvent');
    const events = (mobile.ExtensionPoint.LaunchEvents.LaunchEvent as { '@Type': string; '@FunctionName': string }[]).map((e) => [e['@Type'], e['@FunctionName']]);
    expect(events).toEqual([
      ['OnNewMessageCompose', 'onNewMessageCompose'],
      ['OnMessageFromChanged', 'onMessageFromChanged'],
      ['OnMessageRecipientsChanged', 'onMessageRecipientsChanged'],
    ]);
    expect(mobile.ExtensionPoint.SourceLocation['@resid']).toBe('WebViewRuntime.Url');
    // Outlook mobile implements Mailbox 1.5: a higher minimum would hide the add-in from phones.
    expect(inner.Requirements['bt:Sets']['@DefaultMinVersion']).toBe('1.5');
  });

  it('a region without the add-in says so in words, naming no setting', () => {
    const bare = readConfig({ VITEST: '1', HERALD_REGION: 'eu', LINK_HOST: 'go.eu.herald.example' });
    expect(outlookSetup(bare)).toEqual({ available: false, preview: false, origin: null, clients: OUTLOOK_CLIENTS });
    expect(() => outlookManifest(bare)).toThrow(/^The Outlook add-in is not set up in this Herald region: that is the operator’s configuration/);
  });
});

describe('the clients the console lists (issue 22: "the console\'s Outlook page lists the clients covered, phones included")', () => {
  it('says for each client what works, and on phones the Outlook app version each event needs (Microsoft\'s mobile table)', () => {
    expect(SUPPORTED_CLIENTS).toEqual(OUTLOOK_CLIENTS.map((c) => c.name));
    for (const c of OUTLOOK_CLIENTS) expect(c.works.length, c.name).toBeGreaterThan(0);
    const phones = OUTLOOK_CLIENTS.filter((c) => /iPhone|Android/.test(c.name));
    expect(phones).toHaveLength(2);
    for (const p of phones) {
      expect(p.minimum).toBe('the Outlook app 4.2352.0 or later');
      expect(p.limits.join(' ')).toMatch(/Meeting invitations get no signature/);
      expect(p.limits.join(' ')).toContain('4.2425.0');
      expect(p.limits.join(' ')).toContain('4.2502.0');
    }
    expect(Object.fromEntries(LAUNCH_EVENTS.map((e) => [e.type, e.mobile]))).toEqual({ OnNewMessageCompose: '4.2352.0', OnNewAppointmentOrganizer: null, OnMessageFromChanged: '4.2502.0', OnMessageRecipientsChanged: '4.2425.0' });
    // Plain words: no event, API or setting name reaches the customer.
    expect(JSON.stringify(OUTLOOK_CLIENTS)).not.toMatch(/On[A-Z]\w+|Mailbox 1\.|setSignature|manifest/);
  });
});
