import * as z from 'zod';
import { searchFieldsOf, searchKeysOf } from '../search-keys.js';
import { zTime } from './time.js';

/** The eight directory fields Herald keeps, and nothing else (data minimisation). */
export const DIRECTORY_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'title',
  'workPhone',
  'mobilePhone',
  'addresses',
  'groups',
] as const;
export type DirectoryField = (typeof DIRECTORY_FIELDS)[number];


const text = (max: number) => z.string().trim().max(max);
export const phoneSchema = z
  .string()
  .trim()
  .max(40)
  .regex(/^[+0-9 ()./-]*(?:(?:ext\.?|x) ?[0-9]{1,6})?$/i, 'must be a phone number (digits, spaces, + ( ) . / -)');

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ message: 'must be an email address' }).max(254));

/** Each optional field's own rule, shared by directory records and self-service overrides. */
const fieldRules = {
  firstName: text(100),
  lastName: text(100),
  title: text(150),
  workPhone: phoneSchema,
  mobilePhone: phoneSchema,
  addresses: z.array(text(300).min(1)).max(10),
  groups: z.array(text(200).min(1)).max(200),
};

export const directoryFieldsSchema = z.object({
  email: emailSchema,
  firstName: fieldRules.firstName.default(''),
  lastName: fieldRules.lastName.default(''),
  title: fieldRules.title.default(''),
  workPhone: fieldRules.workPhone.default(''),
  mobilePhone: fieldRules.mobilePhone.default(''),
  addresses: fieldRules.addresses.default([]),
  groups: fieldRules.groups.default([]),
});
export type DirectoryFields = z.infer<typeof directoryFieldsSchema>;

/** Self-service edits: only the fields an employee may change, each optional, no defaults. */
export const overridesSchema = z
  .object({
    firstName: fieldRules.firstName.optional(),
    lastName: fieldRules.lastName.optional(),
    title: fieldRules.title.optional(),
    workPhone: fieldRules.workPhone.optional(),
    mobilePhone: fieldRules.mobilePhone.optional(),
    addresses: fieldRules.addresses.optional(),
  })
  .strict();
export type Overrides = z.infer<typeof overridesSchema>;

/** A directory user as stored; `searchKeys` is derived (search-keys.ts), absent on users stored before it. */
export const userRecordSchema = directoryFieldsSchema.extend({
  source: z.enum(['google', 'microsoft', 'csv', 'manual']),
  /** The source's immutable id (Google user id, Entra object id); absent for CSV. */
  externalId: z.string().max(200).optional(),
  /** Hash of the normalized fields, so a sync writes only users that changed. */
  contentHash: z.string().length(64),
  /** Fields the employee edited; a sync does not overwrite them until cleared. */
  overrides: overridesSchema.default({}),
  createdAt: zTime,
  updatedAt: zTime,
  /** Lower-cased, accent-free prefixes of the effective name and the email: what directory search looks up. */
  searchKeys: z.array(z.string()).optional(),
});
export type UserDoc = z.infer<typeof userRecordSchema>;

/**
 * The catalog's schema of a user document: a whole-document write stores the search keys of the
 * fields it writes, whatever the writer passed (so they can never disagree with the name). The keys
 * are set on zod's parsed copy (a new object, never the writer's): no second copy of the document.
 */
export const userSchema = userRecordSchema.transform((user): UserDoc => {
  user.searchKeys = searchKeysOf(searchFieldsOf(user));
  return user;
});
