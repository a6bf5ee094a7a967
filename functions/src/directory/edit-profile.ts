import * as z from 'zod';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Caller } from '../http/caller.js';
import { callerDirectoryUser } from './caller-user.js';
import { overridesSchema, type Overrides } from '../core/schemas/user.js';
import { searchFieldsOf, searchKeysOf } from '../core/search-keys.js';
import { userView, type UserView } from './user-view.js';
import { labelled } from '../core/field-labels.js';

const shape = overridesSchema.shape;
/** Each optional field: a value sets an override the sync will not overwrite; null clears it. */
export const profileEditBody = z
  .object({
    firstName: shape.firstName.unwrap().nullable().optional(),
    lastName: shape.lastName.unwrap().nullable().optional(),
    title: shape.title.unwrap().nullable().optional(),
    workPhone: shape.workPhone.unwrap().nullable().optional(),
    mobilePhone: shape.mobilePhone.unwrap().nullable().optional(),
    addresses: shape.addresses.unwrap().nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'send at least one field');
labelled(profileEditBody, {
  '': 'Profile',
  firstName: 'First name',
  lastName: 'Last name',
  title: 'Job title',
  workPhone: 'Work phone',
  mobilePhone: 'Mobile phone',
  addresses: 'Addresses',
});
export type ProfileEdit = z.output<typeof profileEditBody>;

/** Applies edits to a user's overrides in a transaction, so two edits never lose each other. */
export async function editUser(deps: Deps, tenantId: string, userId: string, edit: ProfileEdit, editedBy: string): Promise<UserView> {
  const ref = doc(deps.db, 'users', { tenantId, userId });
  const view = await deps.db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    const user = snap.data();
    if (!user) throw new AppError('not_found', 'user not found');
    const overrides: Record<string, unknown> = { ...(user.overrides ?? {}) };
    for (const [field, value] of Object.entries(edit)) {
      if (value === null) delete overrides[field];
      else if (value !== undefined) overrides[field] = value;
    }
    const next: Overrides = overridesSchema.parse(overrides);
    const updatedAt = deps.now();
    // mergeFields: the overrides map is replaced whole (a cleared override goes), and the users
    // converter checks that the search keys come with it.
    const searchKeys = searchKeysOf(searchFieldsOf({ ...user, overrides: next }));
    tx.set(ref, { overrides: next, updatedAt, searchKeys }, { mergeFields: ['overrides', 'updatedAt', 'searchKeys'] });
    return userView(userId, { ...user, overrides: next, updatedAt });
  });
  const { redeployForUsers } = await import('../signatures/redeploy.js');
  await redeployForUsers(deps, { tenantId, createdBy: editedBy, userIds: [userId] });
  return view;
}

/** The caller's own directory record: by verified email, within their tenant only. */
export async function findOwnUserId(deps: Deps, tenantId: string, caller: Caller): Promise<string> {
  return (await callerDirectoryUser(deps, tenantId, caller)).id;
}

export async function getOwnProfile(deps: Deps, tenantId: string, caller: Caller): Promise<UserView> {
  const userId = await findOwnUserId(deps, tenantId, caller);
  const user = (await doc(deps.db, 'users', { tenantId, userId }).get()).data();
  if (!user) throw new AppError('not_found', 'you are not in your company directory');
  return userView(userId, user);
}
