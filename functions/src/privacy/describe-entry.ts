import { RETENTION_SETTING_MAX } from '../core/schemas/tenant.js';
import { Timestamp } from 'firebase-admin/firestore';
import {
  catalog,
  DATA_SUBJECTS,
  LEGAL_BASES,
  PERSONAL_DATA_CATEGORIES,
  type CatalogEntry,
  type CollectionName,
  type DataSubject,
  type LegalBasis,
  type PersonalDataCategory,
} from '../core/catalog.js';

/** A catalog key and its words, e.g. `{ key: 'identity', label: 'Name' }`. */
export interface Labelled<K extends string = string> {
  key: K;
  label: string;
}

/** What is processed, about whom, why and on which legal basis: the words every register entry shares. */
export interface ProcessingWords {
  personalData: Labelled<PersonalDataCategory>[];
  dataSubjects: Labelled<DataSubject>[];
  purpose: string;
  legalBasis: { key: LegalBasis; text: string };
  recipients: string;
}

/** A collection in words: an activity of the record of processing, a collection of a personal export. */
export interface EntryDescription extends ProcessingWords {
  collection: CollectionName;
  path: string;
  description: string;
  retention: string;
  erasure: string;
}

/** A catalog entry in words: what an export or the record of processing says about a collection. */
export function describeEntry(name: CollectionName): EntryDescription {
  const e = catalog[name] as CatalogEntry;
  return {
    collection: name,
    path: e.path,
    description: e.description,
    personalData: e.personalData.map((key) => ({ key, label: PERSONAL_DATA_CATEGORIES[key] })),
    dataSubjects: e.dataSubjects.map((key) => ({ key, label: DATA_SUBJECTS[key] })),
    purpose: e.purpose,
    legalBasis: { key: e.legalBasis, text: LEGAL_BASES[e.legalBasis] },
    recipients: e.recipients,
    retention: retentionText(e.retention),
    erasure: e.erasure.kind === 'delete' ? (e.subjects.some((s) => s.at === 'map_key') ? "Deleted; a person's own entries are deleted on their erasure, the rest stays" : 'Deleted') : e.erasure.kind === 'pseudonymise' ? `Kept with ${e.erasure.fields.join(', ')} replaced by a pseudonym` : `Kept: ${e.erasure.why}`,
  };
}

export function retentionText(r: CatalogEntry['retention']): string {
  if (r.kind === 'ttl') return `${r.days} days after ${r.from ?? 'it is written'}${r.tenantSetting ? ` by default (the customer may shorten it, or lengthen it up to ${RETENTION_SETTING_MAX[r.tenantSetting]} days, in the Privacy settings)` : ''}; ${r.why}`;
  if (r.kind === 'while_user') return `While the person is in the customer's directory; ${r.why}`;
  return `While the customer uses Herald; ${r.why}`;
}

/** Firestore values as plain JSON: times become ISO strings. */
export function toJson(value: unknown): unknown {
  if (value instanceof Timestamp) return value.toDate().toISOString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}
