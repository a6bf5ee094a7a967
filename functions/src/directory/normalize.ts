import { directoryFieldsSchema, type DirectoryFields } from '../core/schemas/user.js';

/** What a source hands over before validation: the eight fields, loosely typed. */
export interface RawDirectoryFields {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  title?: string | null;
  workPhone?: string | null;
  mobilePhone?: string | null;
  addresses?: (string | null | undefined)[];
  groups?: readonly string[];
}

export type Normalized = { ok: true; fields: DirectoryFields; dropped: string[] } | { ok: false; field: string; message: string };

const shape = directoryFieldsSchema.shape;

/**
 * Validates a synced person into the eight fields. A bad email skips the person (there is no
 * signature without it); any other bad field is left empty rather than losing the person, and
 * named in `dropped` (field names only, never the value).
 */
export function normalize(raw: RawDirectoryFields): Normalized {
  const email = shape.email.safeParse(raw.email ?? '');
  if (!email.success) return { ok: false, field: 'email', message: email.error.issues[0]?.message ?? 'invalid' };
  const dropped: string[] = [];
  const pick = <K extends Exclude<keyof DirectoryFields, 'email'>>(key: K, value: unknown): DirectoryFields[K] => {
    const parsed = shape[key].safeParse(value ?? undefined);
    if (parsed.success) return parsed.data as DirectoryFields[K];
    dropped.push(key);
    return shape[key].parse(undefined) as DirectoryFields[K];
  };
  const addresses = [...new Set((raw.addresses ?? []).map((a) => a?.trim()).filter((a): a is string => !!a))];
  const groups = [...new Set((raw.groups ?? []).map((g) => g.trim()).filter(Boolean))].sort();
  return {
    ok: true,
    dropped,
    fields: {
      email: email.data,
      firstName: pick('firstName', raw.firstName),
      lastName: pick('lastName', raw.lastName),
      title: pick('title', raw.title),
      workPhone: pick('workPhone', raw.workPhone),
      mobilePhone: pick('mobilePhone', raw.mobilePhone),
      addresses: pick('addresses', addresses),
      groups: pick('groups', groups),
    },
  };
}
