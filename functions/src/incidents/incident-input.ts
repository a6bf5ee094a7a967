import * as z from 'zod';
import { PERSONAL_DATA_CATEGORIES, type PersonalDataCategory } from '../core/catalog.js';
import { labelled } from '../core/field-labels.js';
import { idSchema } from '../core/schemas/ids.js';
import { INCIDENT_STATUSES } from '../core/schemas/incident.js';

/**
 * What Herald's operator writes (a JSON or YAML file given to `functions/src/local/incident.ts`)
 * to record a personal-data breach or append an update to one. Every field is labelled in words,
 * so a mistake comes back as "Detected at must be a date and time, e.g. …", never in zod's terms.
 */
const CATEGORY_KEYS = Object.keys(PERSONAL_DATA_CATEGORIES) as [PersonalDataCategory, ...PersonalDataCategory[]];

const text = (max: number) => z.string().trim().min(1).max(max);
/** A whole number, or null when not known yet. */
const approximate = z.number().int().min(0).max(1_000_000_000).nullable();
const categories = z.array(z.enum(CATEGORY_KEYS)).min(1).max(CATEGORY_KEYS.length);

export const recordIncidentInput = labelled(
  z.strictObject({
    title: text(200),
    whatHappened: text(5000),
    detectedAt: z.iso.datetime({ offset: true }),
    tenants: z.array(idSchema).min(1).max(5000),
    categories,
    approximatePeople: approximate,
    approximateRecords: approximate,
    likelyConsequences: text(5000),
    measures: text(5000),
    contact: z.strictObject({ name: text(200), email: z.email().max(320), phone: z.string().trim().min(3).max(40).optional() }),
  }),
  {
    title: 'Title',
    whatHappened: 'What happened',
    detectedAt: 'Detected at',
    tenants: 'Tenants',
    categories: 'Data categories',
    approximatePeople: 'Approximate number of people',
    approximateRecords: 'Approximate number of records',
    likelyConsequences: 'Likely consequences',
    measures: 'Measures taken or proposed',
    contact: 'Contact point',
    'contact.name': 'Contact point name',
    'contact.email': 'Contact point email',
    'contact.phone': 'Contact point phone',
    '': 'The incident file',
  },
);
export type RecordIncidentInput = z.output<typeof recordIncidentInput>;

export const updateIncidentInput = labelled(
  z.strictObject({
    incident: idSchema,
    summary: text(5000),
    status: z.enum(INCIDENT_STATUSES).optional(),
    categories: categories.optional(),
    approximatePeople: approximate.optional(),
    approximateRecords: approximate.optional(),
    likelyConsequences: text(5000).optional(),
    measures: text(5000).optional(),
  }),
  {
    incident: 'Incident reference',
    summary: 'Summary of the update',
    status: 'Status',
    categories: 'Data categories',
    approximatePeople: 'Approximate number of people',
    approximateRecords: 'Approximate number of records',
    likelyConsequences: 'Likely consequences',
    measures: 'Measures taken or proposed',
    '': 'The update file',
  },
);
export type UpdateIncidentInput = z.output<typeof updateIncidentInput>;

/** The words of a category key, from the catalog (the one list). */
export function categoryLabel(key: string): string {
  return (PERSONAL_DATA_CATEGORIES as Record<string, string>)[key] ?? key;
}
