import { route, type RouteDef } from '../http/route.js';
import { draftPreviewBody, previewDraft } from './draft-preview.js';

/** The template editor's live check and preview: appended to the route table in http/routes.ts. */
export const templatePreviewRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'post',
    path: '/templates/draft-preview',
    access: 'admin',
    summary: 'Check unsaved template HTML as a save would, and render it for one user with their current banner: { html, text } (nothing stored)',
    body: draftPreviewBody,
    // Writes nothing, but renders a person's data: audited like every staff POST (one entry per preview).
    audit: { action: 'template.preview', target: ({ body }) => ({ type: 'user', id: body.userId }) },
    example: { body: { html: '<p>{{firstName}} {{lastName}}</p>', userId: 'no-such-user' } },
    handler: ({ deps, tenantId }, { body }) => previewDraft(deps, tenantId, body),
  }),
];
