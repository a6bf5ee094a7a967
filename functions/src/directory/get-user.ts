import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { userView, type UserView } from './user-view.js';

export async function getUser(deps: Deps, tenantId: string, userId: string): Promise<UserView> {
  const snap = await doc(deps.db, 'users', { tenantId, userId }).get();
  const data = snap.data();
  if (!data) throw new AppError('not_found', 'user not found');
  return userView(snap.id, data);
}
