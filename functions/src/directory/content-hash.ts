import { createHash } from 'node:crypto';
import type { DirectoryFields } from '../core/schemas/user.js';

/** Hash of the eight fields as the source gave them: equal hashes mean a sync has nothing to write. */
export function contentHash(fields: DirectoryFields): string {
  const canonical = [
    fields.email,
    fields.firstName,
    fields.lastName,
    fields.title,
    fields.workPhone,
    fields.mobilePhone,
    fields.addresses,
    [...fields.groups].sort(),
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
