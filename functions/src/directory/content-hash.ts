import { hash } from 'node:crypto';
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
  // One-shot hash (Node >= 20.12 / 21.7): no Hash object per user.
  return hash('sha256', JSON.stringify(canonical), 'hex');
}
