import { DATA_SUBJECTS, LEGAL_BASES, PERSONAL_DATA_CATEGORIES, TRANSIENT_PROCESSING, catalog, storedFiles, type CollectionName, type StoredFileName } from '../core/catalog.js';
import type { Config } from '../core/config.js';
import { REGIONS, type Region } from '../core/regions.js';
import { describeEntry, retentionText, type EntryDescription, type Labelled, type ProcessingWords } from './describe-entry.js';

/** Technical and organisational measures (Art. 32), as built: each is enforced in code or configuration. */
export const SECURITY_MEASURES = [
  'Each tenant lives in one region\'s Firebase project (EU or US); nothing crosses projects',
  'Encryption at rest and in transit by Google Cloud (Firestore, Cloud Functions, Hosting)',
  'Least privilege: clients write nothing directly; reads limited to the caller\'s tenant and role by Firestore rules; personal data readable by admins only',
  'Every administrative action, export and purge is written to an audit log',
  'Monthly access review per tenant: roles held, last activity, inactive owners and admins flagged',
  'Retention enforced by Firestore TTL policies plus a daily backstop job',
  'Stored files (exports) carry their expiry; a Cloud Storage lifecycle rule and the daily backstop delete them',
  'External recipients are stored only when the customer opts in: the address sealed with AES-256-GCM, found for erasure by a keyed hash (HMAC-SHA256), expiring after the retention period',
  'Erasure is verified by walking the data catalog, and certified without personal data',
  'Signed webhooks (HMAC over timestamp and body, 5-minute window, replay refused)',
  "Gmail add-on requests are served only with two Google-signed ID tokens, verified against Google's certificates: the request's (this region's add-on service account, audience the endpoint) and the user's (audience the add-on's OAuth client, a verified address on a verified domain of the customer)",
  'Logs carry ids and counts only, never personal data',
];

/** Processing without a collection of its own, in words. */
export interface TransientActivity extends ProcessingWords {
  key: string;
  name: string;
  description: string;
  /** What is kept, and where. */
  storage: string;
}

/** A kind of stored file (Cloud Storage), in words. */
export interface StoredFileDescription extends ProcessingWords {
  name: StoredFileName;
  key: string;
  description: string;
  retention: string;
  erasure: string;
}

/** GET /api/privacy/register (JSON): the record of processing activities. */
export interface Register {
  title: string;
  controller: string;
  processor: string;
  subProcessors: string[];
  region: { id: Region; location: string; firestoreLocation: string };
  internationalTransfers: string;
  dataSubjects: Labelled[];
  personalDataCategories: Labelled[];
  securityMeasures: string[];
  /** One per collection. */
  activities: EntryDescription[];
  transientProcessing: TransientActivity[];
  storedFiles: StoredFileDescription[];
}

/**
 * The record of processing activities (GDPR Art. 30), generated from the data catalog: one
 * activity per collection, so it cannot drift from what the code stores.
 */
export function buildRegister(config: Pick<Config, 'region'>): Register {
  const region = REGIONS[config.region];
  return {
    title: 'Record of processing activities (GDPR Art. 30(2)) — Herald, as processor',
    controller: 'The customer (tenant) that installed Herald',
    processor: 'Herald',
    subProcessors: ['Google Cloud (Firebase): hosting, database, functions, authentication — in the region below'],
    region: { id: config.region, location: region.label, firestoreLocation: region.firestoreLocation },
    internationalTransfers: 'None: data stays in the region of the tenant\'s project',
    dataSubjects: Object.entries(DATA_SUBJECTS).map(([key, label]) => ({ key, label })),
    personalDataCategories: Object.entries(PERSONAL_DATA_CATEGORIES).map(([key, label]) => ({ key, label })),
    securityMeasures: SECURITY_MEASURES,
    activities: (Object.keys(catalog) as CollectionName[]).map((name) => describeEntry(name)),
    /** Processing without a collection of its own (the Gmail add-on): what it reads and where anything ends up. */
    transientProcessing: Object.entries(TRANSIENT_PROCESSING).map(([key, p]) => ({
      key,
      name: p.name,
      description: p.description,
      personalData: p.personalData.map((k) => ({ key: k, label: PERSONAL_DATA_CATEGORIES[k] })),
      dataSubjects: p.dataSubjects.map((k) => ({ key: k, label: DATA_SUBJECTS[k] })),
      purpose: p.purpose,
      legalBasis: { key: p.legalBasis, text: LEGAL_BASES[p.legalBasis] },
      recipients: p.recipients,
      storage: p.storage,
    })),
    storedFiles: (Object.keys(storedFiles) as StoredFileName[]).map((name) => describeStoredFile(name)),
  };
}

/** A stored-file entry in the words of `describeEntry`. */
export function describeStoredFile(name: StoredFileName): StoredFileDescription {
  const e = storedFiles[name];
  return {
    name,
    key: e.key,
    description: e.description,
    personalData: e.personalData.map((key) => ({ key, label: PERSONAL_DATA_CATEGORIES[key] })),
    dataSubjects: e.dataSubjects.map((key) => ({ key, label: DATA_SUBJECTS[key] })),
    purpose: e.purpose,
    legalBasis: { key: e.legalBasis, text: LEGAL_BASES[e.legalBasis] },
    recipients: e.recipients,
    retention: retentionText(e.retention),
    erasure: 'Deleted (with the tenant, or when it expires)',
  };
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function registerMarkdown(register: Register): string {
  const out = [
    `# ${register.title}`,
    '',
    `- **Controller:** ${register.controller}`,
    `- **Processor:** ${register.processor}`,
    `- **Sub-processors:** ${register.subProcessors.join('; ')}`,
    `- **Region:** ${register.region.location} (Firestore ${register.region.firestoreLocation})`,
    `- **International transfers:** ${register.internationalTransfers}`,
    '',
    '## Categories of data subjects',
    ...register.dataSubjects.map((s) => `- ${s.label}`),
    '',
    '## Categories of personal data',
    ...register.personalDataCategories.map((c) => `- ${c.label}`),
    '',
    '## Processing activities',
    '',
    '| Collection | Data | Data subjects | Purpose | Legal basis | Recipients | Retention | Erasure |',
    '|---|---|---|---|---|---|---|---|',
    ...register.activities.map((a) =>
      `| ${[`${a.collection} (\`${a.path}\`)<br>${a.description}`, a.personalData.map((p) => p.label).join('; ') || 'No personal data', a.dataSubjects.map((s) => s.label).join('; ') || '—', a.purpose, a.legalBasis.text, a.recipients, a.retention, a.erasure].map(cell).join(' | ')} |`,
    ),
    '',
    '## Processing without storage of its own',
    '',
    '| Processing | Data | Data subjects | Purpose | Legal basis | Recipients | Storage |',
    '|---|---|---|---|---|---|---|',
    ...register.transientProcessing.map((p) =>
      `| ${[`${p.name}<br>${p.description}`, p.personalData.map((d) => d.label).join('; '), p.dataSubjects.map((d) => d.label).join('; '), p.purpose, p.legalBasis.text, p.recipients, p.storage].map(cell).join(' | ')} |`,
    ),
    '',
    '## Stored files',
    '',
    '| Files | Data | Data subjects | Purpose | Legal basis | Recipients | Retention | Erasure |',
    '|---|---|---|---|---|---|---|---|',
    ...register.storedFiles.map((f) =>
      `| ${[`${f.name} (\`${f.key}\`)<br>${f.description}`, f.personalData.map((p) => p.label).join('; ') || 'No personal data', f.dataSubjects.map((s) => s.label).join('; ') || '—', f.purpose, f.legalBasis.text, f.recipients, f.retention, f.erasure].map(cell).join(' | ')} |`,
    ),
    '',
    '## Security measures (Art. 32)',
    ...register.securityMeasures.map((m) => `- ${m}`),
    '',
  ];
  return out.join('\n');
}

