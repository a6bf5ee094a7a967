import * as z from 'zod';
import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { idSchema } from '../core/schemas/ids.js';
import { sanitizeTemplate } from './sanitize-template.js';
import { loadSignatureContext, signatureFor, type UserSignature } from './user-signature.js';
import { labelled } from '../core/field-labels.js';

export const draftPreviewBody = z.object({ html: z.string().min(1).max(50_000), userId: idSchema }).strict();
labelled(draftPreviewBody, { html: 'Signature HTML', userId: 'Preview person' });

/** Not a storable id (ids never start with "~"), so a draft can never shadow a saved template. */
const DRAFT_ID = '~draft';

/**
 * Unsaved template HTML, checked as a save would check it and rendered for one user with the
 * banner they would get now, uncounted. Nothing is written: the console's editor shows problems and the
 * preview while the admin types.
 */
export async function previewDraft(deps: Deps, tenantId: string, body: z.output<typeof draftPreviewBody>): Promise<UserSignature & { html: string }> {
  const { html, errors } = await sanitizeTemplate(body.html, deps.config.env);
  if (errors.length) throw new AppError('invalid_argument', errors.map((e) => `body.html: ${e}`).join('; '), { fields: errors.map((message) => ({ field: 'body.html', message })) });
  const user = (await doc(deps.db, 'users', { tenantId, userId: body.userId }).get()).data();
  if (!user) throw new AppError('not_found', 'body.userId: no such directory user');
  const ctx = await loadSignatureContext(deps, tenantId, 'preview');
  const now = deps.now();
  ctx.templates.set(DRAFT_ID, { name: 'draft', html, createdAt: now, updatedAt: now });
  const rendered = await signatureFor(deps, ctx, body.userId, user, now, { templateId: DRAFT_ID });
  return { ...rendered, templateId: null };
}
