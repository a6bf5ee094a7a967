import { toIso } from '../core/timestamps.js';
import type { UserDoc } from '../core/schemas/user.js';

/** What the API shows of a directory user: the effective eight fields (overrides applied). */
export interface UserView {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  title: string;
  workPhone: string;
  mobilePhone: string;
  addresses: string[];
  groups: string[];
  source: UserDoc['source'];
  overridden: string[];
  updatedAt: string | null;
}

export function effectiveFields(user: UserDoc): Omit<UserView, 'id' | 'source' | 'overridden' | 'updatedAt'> {
  const o = user.overrides ?? {};
  return {
    email: user.email,
    firstName: o.firstName ?? user.firstName,
    lastName: o.lastName ?? user.lastName,
    title: o.title ?? user.title,
    workPhone: o.workPhone ?? user.workPhone,
    mobilePhone: o.mobilePhone ?? user.mobilePhone,
    addresses: o.addresses ?? user.addresses,
    groups: user.groups,
  };
}

export function userView(id: string, user: UserDoc): UserView {
  return {
    id,
    ...effectiveFields(user),
    source: user.source,
    overridden: Object.keys(user.overrides ?? {}).sort(),
    updatedAt: toIso(user.updatedAt),
  };
}
