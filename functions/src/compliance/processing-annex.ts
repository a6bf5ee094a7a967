import { DATA_SUBJECTS, LEGAL_BASES, PERSONAL_DATA_CATEGORIES, TRANSIENT_PROCESSING, catalog, storedFiles, type CatalogEntry, type CollectionName, type PersonalDataCategory, type Retention } from '../core/catalog.js';
import { tenantRetentionDays } from '../privacy/sweep-expired.js';
import { stampFacts, type PackDocument, type Stamp } from './pack-document.js';
import type { PackSettings } from './pack-settings.js';

type Ttl = Extract<Retention, { kind: 'ttl' }>;

/** The tenant's own value of a retention setting the catalog names: the daily sweep's own reading. */
function tenantDays(r: Ttl, s: PackSettings): number | null {
  return tenantRetentionDays(r, { settings: { auditRetentionDays: s.auditRetentionDays, recipientTracking: s.recipientTracking } });
}

/** A retention in a few words, with this tenant's own setting where it has one. */
export function retentionWords(r: Retention, s: PackSettings): string {
  if (r.kind === 'while_user') return "While the person is in the customer's directory";
  if (r.kind === 'while_tenant') return 'While the customer uses Herald';
  const own = tenantDays(r, s);
  return own !== null && own !== r.days ? `${own} days (this customer's setting; at most ${r.days})` : `${r.days} days`;
}

const entries = () => (Object.keys(catalog) as CollectionName[]).map((name) => ({ name, e: catalog[name] as CatalogEntry }));
const unique = (xs: string[]) => [...new Set(xs)];

/**
 * The data-processing annex (the description of the processing a DPA's annex asks for, GDPR
 * Art. 28(3)): subject matter, categories of data subjects and of personal data, purposes, and
 * retention, all read from the data catalog and the tenant's retention settings.
 */
export function annexDocument(settings: PackSettings, stamp: Stamp): PackDocument {
  const all = entries();
  const byCategory = (c: PersonalDataCategory) => all.filter(({ e }) => e.personalData.includes(c));
  return {
    id: 'processing-annex',
    title: 'Data processing annex: description of the processing',
    blocks: [
      stampFacts(stamp),
      { kind: 'heading', text: 'Subject matter and duration' },
      {
        kind: 'paragraph',
        text: `Herald processes personal data on behalf of ${settings.tenantName} (the controller) to render and deploy its employees' email signatures, show its campaigns and report on them, for as long as the controller uses Herald; each category is then kept no longer than stated below, and everything is deleted with the tenant.`,
      },
      { kind: 'heading', text: 'Categories of data subjects' },
      { kind: 'list', items: Object.values(DATA_SUBJECTS) },
      { kind: 'heading', text: 'Categories of personal data and purposes' },
      {
        kind: 'table',
        head: ['Personal data', 'About', 'Purposes', 'Legal basis'],
        rows: (Object.keys(PERSONAL_DATA_CATEGORIES) as PersonalDataCategory[])
          .filter((c) => byCategory(c).length > 0)
          .map((c) => [
            PERSONAL_DATA_CATEGORIES[c],
            unique(byCategory(c).flatMap(({ e }) => e.dataSubjects.map((d) => DATA_SUBJECTS[d]))).join('\n'),
            unique(byCategory(c).map(({ e }) => e.purpose)).join('\n'),
            unique(byCategory(c).map(({ e }) => LEGAL_BASES[e.legalBasis])).join('\n'),
          ]),
      },
      { kind: 'heading', text: 'Processing operations and retention' },
      {
        kind: 'table',
        head: ['Records', 'Purpose', 'Retention', 'On erasure'],
        rows: all
          .filter(({ e }) => e.personalData.length > 0)
          .map(({ e }) => [e.description, e.purpose, retentionWords(e.retention, settings), e.erasure.kind === 'delete' ? 'Deleted' : e.erasure.kind === 'pseudonymise' ? 'Kept under a pseudonym' : e.erasure.why]),
      },
      ...Object.values(TRANSIENT_PROCESSING).flatMap((p) => [
        { kind: 'paragraph' as const, text: `${p.name}: ${p.description}. ${p.storage}.` },
      ]),
      { kind: 'heading', text: 'Stored files' },
      {
        kind: 'list',
        items: Object.values(storedFiles).map((f) => `${f.description}: ${retentionWords(f.retention, settings)}`),
      },
      { kind: 'heading', text: 'Sub-processors and security' },
      { kind: 'paragraph', text: 'The sub-processors and the technical and organisational measures are listed in the two documents of this pack with the same settings hash.' },
    ],
  };
}
