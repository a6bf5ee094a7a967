import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/src/api/route-table.js';
import { collectCodeFacts, type CodeFacts } from '../../functions/src/compliance/code-facts.js';
import { codeVersion } from '../../functions/src/compliance/code-version.js';
import { buildPack, packFile, type PackInputs } from '../../functions/src/compliance/compliance-pack.js';
import { PACK_DOCUMENTS } from '../../functions/src/compliance/pack-ids.js';
import { settingsHash, type PackSettings } from '../../functions/src/compliance/pack-settings.js';
import { securityMeasures } from '../../functions/src/compliance/security-measures.js';
import { GOOGLE_CLOUD_SERVICES } from '../../functions/src/compliance/sub-processors.js';
import { pdfPages } from '../support/pdf-text.js';

const SETTINGS: PackSettings = {
  tenantName: 'Acme Example',
  region: 'eu',
  directorySource: 'google',
  auditRetentionDays: 365,
  recipientTracking: { enabled: false, retentionDays: 90 },
  mailPlatforms: { gmailSignatures: true, gmailAddon: true, outlookAddin: false },
};
const VERSION = { version: '1.2.3', commit: 'a'.repeat(40) };
const facts = collectCodeFacts(routes);
const inputs = (settings: Partial<PackSettings> = {}, f: CodeFacts = facts): PackInputs => ({ settings: { ...SETTINGS, ...settings }, version: VERSION, facts: f });
const markdown = async (i: PackInputs, which: (typeof PACK_DOCUMENTS)[number] | 'all' = 'all') => (await packFile(buildPack(i), which, 'markdown')).data.toString('utf8');
const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('the compliance pack regenerates identically', () => {
  it('gives byte-identical Markdown and PDF for the same code version and settings', async () => {
    for (const which of ['all', ...PACK_DOCUMENTS] as const) {
      expect(await markdown(inputs(), which)).toBe(await markdown(inputs(), which));
    }
    const a = await packFile(buildPack(inputs()), 'all', 'pdf');
    const b = await packFile(buildPack(inputs()), 'all', 'pdf');
    expect(a.data.equals(b.data)).toBe(true);
  });

  it('states the code version and the settings SHA-256 in every document', async () => {
    const hash = settingsHash(SETTINGS);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    for (const which of PACK_DOCUMENTS) {
      const md = await markdown(inputs(), which);
      expect(md).toContain(`Herald 1.2.3 (commit ${'a'.repeat(40)})`);
      expect(md).toContain(hash);
    }
    expect(await markdown({ ...inputs(), version: { version: '1.2.4', commit: null } })).toContain('Herald 1.2.4 (commit not recorded');
  });

  it('hashes the settings canonically: key order does not matter, any value does', () => {
    const reordered = JSON.parse(JSON.stringify({ mailPlatforms: SETTINGS.mailPlatforms, region: 'eu', tenantName: SETTINGS.tenantName, recipientTracking: { retentionDays: 90, enabled: false }, auditRetentionDays: 365, directorySource: 'google' })) as PackSettings;
    expect(settingsHash(reordered)).toBe(settingsHash(SETTINGS));
    expect(settingsHash({ ...SETTINGS, auditRetentionDays: 364 })).not.toBe(settingsHash(SETTINGS));
  });

  it('reads the version from the functions package when no build recorded one', () => {
    const pkg = JSON.parse(read('functions/package.json')) as { version: string };
    expect(codeVersion()).toEqual({ version: pkg.version, commit: null });
  });
});

describe('the DPIA draft follows the tenant settings', () => {
  const dpia = (s: Partial<PackSettings>) => markdown(inputs(s), 'dpia');

  it('changes with recipient tracking', async () => {
    const off = await dpia({});
    const on = await dpia({ recipientTracking: { enabled: true, retentionDays: 30 } });
    expect(off).toContain('Recipient tracking:** OFF');
    expect(on).toContain('Recipient tracking:** ON');
    expect(on).toContain('30 days (this customer\'s setting; at most 90)');
    expect(off).not.toContain('30 days');
  });

  it('changes with the retention settings', async () => {
    const shorter = await dpia({ auditRetentionDays: 120 });
    expect(shorter).toContain('Audit log retention:** 120 days');
    expect(await dpia({})).toContain('Audit log retention:** 365 days');
  });

  it('changes with the region', async () => {
    const eu = await dpia({});
    const us = await dpia({ region: 'us' });
    expect(eu).toContain('European Union (Belgium, europe-west1)');
    expect(us).toContain('United States (Iowa, us-central1)');
    expect(us).toContain('Data Privacy Framework');
    expect(eu).not.toContain('Data Privacy Framework');
  });

  it('changes with the mail platforms and the directory source', async () => {
    const gmail = await dpia({});
    const outlook = await dpia({ directorySource: 'microsoft', mailPlatforms: { gmailSignatures: false, gmailAddon: false, outlookAddin: true } });
    expect(gmail).toContain('Gmail compose add-on');
    expect(gmail).not.toContain('Outlook add-in:');
    expect(outlook).toContain('Outlook add-in:');
    expect(outlook).toContain('Microsoft Graph');
    expect(await dpia({ mailPlatforms: { gmailSignatures: false, gmailAddon: false, outlookAddin: false } })).toContain('None connected yet');
  });
});

describe('the Art. 32 measures are the code\'s', () => {
  it('claims only measures the code contains (each measure\'s evidence is in the file it names)', () => {
    const measures = securityMeasures(facts);
    expect(measures.length).toBeGreaterThan(8);
    for (const m of measures) {
      expect(m.evidence.length, m.title).toBeGreaterThan(0);
      for (const e of m.evidence) expect(read(e.file), `${m.title}: ${e.file}`).toContain(e.shows);
    }
  });

  it('reads roles, audit categories, retention and rate limits from the code', async () => {
    const md = await markdown(inputs(), 'security-measures');
    expect(md).toContain('owner > admin > editor > viewer > user');
    expect(md).toMatch(/\d+ kinds of action are written to the tenant's audit log, in \d+ categories: Roles and members/);
    expect(md).toContain('Report queries: at most 30 per minute per signed-in person');
    expect(md).toContain('Region lookups: at most 60 per minute per network address');
    expect(md).toContain('sealed with AES-256-GCM');
    expect(md).toContain('96-bit HMAC-SHA256');
    expect(md).toContain('use HTTPS only, for 365 days, subdomains included');
  });

  it('leaves out a measure removed from the code', async () => {
    // A route table whose report routes lost their rate limit: that limit leaves the pack.
    const withoutReportLimit = routes.map((r) => (r.rateLimit?.what === 'report queries' ? { ...r, rateLimit: undefined } : r));
    const md = await markdown(inputs({}, collectCodeFacts(withoutReportLimit)), 'security-measures');
    expect(md).not.toContain('Report queries');
    expect(md).toContain('Region lookups');
    // No rate limit at all: the whole measure goes.
    const noLimits = await markdown(inputs({}, collectCodeFacts(routes.map((r) => ({ ...r, rateLimit: undefined })))), 'security-measures');
    expect(noLimits).not.toContain('Rate limits');
    // No sealing, no signed links, no HSTS header: their measures go.
    const bare = await markdown(inputs({}, { ...facts, recipientSealing: null, linkTokens: null, transport: { hsts: null, csp: null, frameOptions: null } }), 'security-measures');
    expect(bare).not.toContain('AES-256-GCM');
    expect(bare).not.toContain('Signed tracked links');
    expect(bare).not.toContain('HTTPS only');
    expect(bare).toContain('Audit log');
  });

  it('claims no direct browser access only while both rules files refuse every read and write', () => {
    expect(facts.clientStoreAccess).toBe('none');
    for (const file of ['firestore.rules', 'storage.rules']) {
      const allows = read(file).split('\n').map((l) => l.trim()).filter((l) => l.startsWith('allow '));
      expect(allows.length, file).toBeGreaterThan(0);
      for (const a of allows) expect(a, file).toMatch(/^allow [a-z, ]+: if false;$/);
    }
  });

  it('counts every staff route that changes data as audited, as the route table enforces', () => {
    expect(facts.auditedChanges.changing).toBeGreaterThan(0);
    const staffChanges = routes.filter((r) => !['public', 'signed_in', 'user'].includes(r.access) && r.method !== 'get');
    expect(staffChanges.length).toBe(facts.auditedChanges.changing);
    expect(staffChanges.filter((r) => !r.audit)).toEqual([]);
  });
});

describe('the sub-processors come from the configuration', () => {
  const firebase = JSON.parse(read('firebase.json')) as Record<string, unknown>;
  const index = read('functions/src/index.ts');
  const config = read('functions/src/core/config.ts');
  const services = GOOGLE_CLOUD_SERVICES.map((s) => s.service);
  /** What in the configuration makes Herald use each service. */
  const used: Record<string, boolean> = {
    'Cloud Functions for Firebase (2nd gen, on Cloud Run)': 'functions' in firebase && index.includes('onRequest('),
    'Cloud Firestore': 'firestore' in firebase,
    'Cloud Storage for Firebase': 'storage' in firebase,
    'Cloud Tasks': index.includes('onTaskDispatched('),
    'Cloud Scheduler': index.includes('onSchedule('),
    'Secret Manager': config.includes('defineSecret('),
    'Firebase Authentication': read('functions/src/http/caller.ts').includes('verifyIdToken'),
    'Firebase Hosting': 'hosting' in firebase,
    'Cloud Logging': read('functions/src/platform/logger.ts').includes('firebase-functions/logger'),
  };

  it('lists each service the configuration uses, and only those', () => {
    expect(services.sort()).toEqual(Object.keys(used).sort());
    for (const [service, isUsed] of Object.entries(used)) expect(isUsed, service).toBe(true);
  });

  it('covers every product firebase.json deploys', () => {
    const products: Record<string, string> = { functions: 'Cloud Functions for Firebase (2nd gen, on Cloud Run)', hosting: 'Firebase Hosting', firestore: 'Cloud Firestore', storage: 'Cloud Storage for Firebase' };
    for (const key of Object.keys(firebase).filter((k) => k !== 'emulators')) {
      expect(products[key], `firebase.json deploys ${key}: list its service in compliance/sub-processors.ts`).toBeDefined();
      expect(services).toContain(products[key]);
    }
  });

  it('names each region\'s locations, the tenant\'s region first', async () => {
    const md = await markdown(inputs({ region: 'us' }), 'sub-processors');
    expect(md.indexOf('United States (Iowa, us-central1) (this tenant\'s region)')).toBeLessThan(md.indexOf('## European Union'));
    expect(md).toContain('nam5: us-central1 (Iowa)');
    expect(md).toContain('eur3: europe-west1 (Belgium)');
  });
});

describe('the PDF', () => {
  it('is a print-ready A4 document whose text reads back: every document, the stamp on every page', async () => {
    const pack = buildPack(inputs());
    const file = await packFile(pack, 'all', 'pdf');
    expect(file.contentType).toBe('application/pdf');
    expect(file.data.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.data.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
    const pages = await pdfPages(file.data);
    expect(pages.length).toBeGreaterThan(PACK_DOCUMENTS.length);
    const text = pages.join('\n');
    for (const d of pack.documents) expect(text).toContain(d.title.slice(0, 40));
    expect(text).toContain(settingsHash(SETTINGS));
    for (const [i, page] of pages.entries()) expect(page).toContain(`page ${i + 1} of ${pages.length}`);
  });

  it('changes when the settings change', async () => {
    const a = await packFile(buildPack(inputs()), 'dpia', 'pdf');
    const b = await packFile(buildPack(inputs({ recipientTracking: { enabled: true, retentionDays: 30 } })), 'dpia', 'pdf');
    expect(a.data.equals(b.data)).toBe(false);
    expect((await pdfPages(b.data)).join('\n')).toContain('ON: clicks by a single external recipient');
  });
});
