import type { DirectoryField } from '../core/schemas/user.js';

/** At most this many header columns, each at most this long: a hostile header costs nothing. */
export const MAX_HEADER_COLUMNS = 64;
export const MAX_HEADER_LENGTH = 200;

/**
 * A header as compared: lower case, without `[Required]`-style notes, letters and digits only.
 * One pass, no regular expression: linear in the header's length whatever it holds.
 */
export const headerKey = (header: string) => {
  const lower = header.toLowerCase();
  const lastClose = lower.lastIndexOf(']');
  let key = '';
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i]!;
    // A `[…]` note is skipped to its `]`; with no `]` left anywhere after it, `[` is plain text.
    if (ch === '[' && i < lastClose) {
      i = lower.indexOf(']', i);
      continue;
    }
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) key += ch;
  }
  return key;
};

type Row = Record<string, string>;
export interface CsvFormat {
  readonly name: 'herald' | 'google_admin' | 'microsoft_365';
  /** Header keys whose presence identifies the format. */
  readonly requires: readonly string[];
  /** How each of the eight fields is read from a row keyed by header key. */
  readonly read: Partial<Record<DirectoryField, (row: Row) => string | string[] | undefined>>;
  /** For error messages: the file's column behind each field. */
  readonly columns: Partial<Record<DirectoryField, string>>;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(/[;|\n]/)
    .map((v) => v.trim())
    .filter(Boolean);
const join = (...parts: (string | undefined)[]) => parts.map((p) => p?.trim()).filter(Boolean).join(', ');

/**
 * The CSV files Herald reads, recognised by their headers: its own template, the user export of
 * the Google Admin console (Directory > Users > Download users) and of the Microsoft 365 admin
 * center (Users > Active users > Export users). Other columns in those exports are ignored.
 */
export const CSV_FORMATS: readonly CsvFormat[] = [
  {
    name: 'google_admin',
    requires: ['emailaddress', 'firstname', 'lastname'],
    read: {
      email: (r) => r.emailaddress,
      firstName: (r) => r.firstname,
      lastName: (r) => r.lastname,
      title: (r) => r.employeetitle,
      workPhone: (r) => r.workphone,
      mobilePhone: (r) => r.mobilephone,
      addresses: (r) => list(r.workaddress),
    },
    columns: {
      email: 'Email Address [Required]',
      firstName: 'First Name [Required]',
      lastName: 'Last Name [Required]',
      title: 'Employee Title',
      workPhone: 'Work Phone',
      mobilePhone: 'Mobile Phone',
      addresses: 'Work Address',
    },
  },
  {
    name: 'microsoft_365',
    requires: ['userprincipalname', 'displayname'],
    read: {
      email: (r) => r.userprincipalname,
      firstName: (r) => r.firstname,
      lastName: (r) => r.lastname,
      title: (r) => r.title,
      workPhone: (r) => r.phonenumber,
      mobilePhone: (r) => r.mobilephone,
      addresses: (r) => {
        const address = join(r.streetaddress, [r.postalcode, r.city].filter(Boolean).join(' '), r.state, r.countryregion);
        return address ? [address] : [];
      },
    },
    columns: {
      email: 'User principal name',
      firstName: 'First name',
      lastName: 'Last name',
      title: 'Title',
      workPhone: 'Phone number',
      mobilePhone: 'Mobile Phone',
      addresses: 'Street address, City, Postal code, State, Country/Region',
    },
  },
  {
    name: 'herald',
    requires: ['email'],
    read: {
      email: (r) => r.email,
      firstName: (r) => r.firstname,
      lastName: (r) => r.lastname,
      title: (r) => r.title,
      workPhone: (r) => r.workphone,
      mobilePhone: (r) => r.mobilephone,
      addresses: (r) => list(r.addresses),
      groups: (r) => list(r.groups),
    },
    columns: {
      email: 'email',
      firstName: 'firstName',
      lastName: 'lastName',
      title: 'title',
      workPhone: 'workPhone',
      mobilePhone: 'mobilePhone',
      addresses: 'addresses',
      groups: 'groups',
    },
  },
];

/** Herald's own template: the header line admins download and fill in. */
export const HERALD_TEMPLATE_HEADER = 'email,firstName,lastName,title,workPhone,mobilePhone,addresses,groups';

/** Every header key some format reads: only these columns are mapped from a row. */
export function knownKeys(format: CsvFormat): readonly string[] {
  const probe: Row = new Proxy({}, { get: (_t, k) => (seen.add(String(k)), undefined) });
  const seen = new Set<string>(format.requires);
  for (const read of Object.values(format.read)) read(probe);
  return [...seen];
}

export function detectFormat(headers: string[]): CsvFormat | undefined {
  const keys = new Set(headers.map(headerKey));
  return CSV_FORMATS.find((f) => f.requires.every((k) => keys.has(k)));
}
