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
 *
 * One parse of the whole person first: nearly everyone a sync lists is valid, and that is one zod
 * call instead of eight. Only a person it refuses is read field by field, which names the field.
 */
export function normalize(raw: RawDirectoryFields): Normalized {
  const addresses = [...new Set((raw.addresses ?? []).map((a) => a?.trim()).filter((a): a is string => !!a))];
  const groups = [...new Set((raw.groups ?? []).map((g) => g.trim()).filter(Boolean))].sort();
  const whole = directoryFieldsSchema.safeParse({
    email: raw.email ?? '',
    firstName: raw.firstName ?? undefined,
    lastName: raw.lastName ?? undefined,
    title: raw.title ?? undefined,
    workPhone: raw.workPhone ?? undefined,
    mobilePhone: raw.mobilePhone ?? undefined,
    addresses,
    groups,
  });
  if (whole.success) return { ok: true, dropped: [], fields: whole.data };
  return normalizeFieldByField(raw, addresses, groups);
}

/** The fallback: each field on its own, so a bad one is emptied and named while the rest are kept. */
function normalizeFieldByField(raw: RawDirectoryFields, addresses: string[], groups: string[]): Normalized {
  const email = shape.email.safeParse(raw.email ?? '');
  if (!email.success) return { ok: false, field: 'email', message: email.error.issues[0]?.message ?? 'invalid' };
  const dropped: string[] = [];
  const pick = <K extends Exclude<keyof DirectoryFields, 'email'>>(key: K, value: unknown): DirectoryFields[K] => {
    const parsed = shape[key].safeParse(value ?? undefined);
    if (parsed.success) return parsed.data as DirectoryFields[K];
    dropped.push(key);
    return shape[key].parse(undefined) as DirectoryFields[K];
  };
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
