import { doc } from '../catalog.js';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import { userView, type UserView } from './user-view.js';

export async function getUser(deps: Deps, tenantId: string, userId: string): Promise<UserView> {
  const snap = await doc(deps.db, 'users', { tenantId, userId }).get();
  const data = snap.data();
  if (!data) throw new AppError('not_found', 'user not found');
  return userView(snap.id, data);
}
