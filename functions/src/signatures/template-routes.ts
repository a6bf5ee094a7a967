import * as z from 'zod';
import { idSchema } from '../core/schemas/ids.js';
import { route, type RouteDef } from '../http/route.js';
import { assignmentGroup, unknownGroups } from '../directory/directory-groups.js';
import { assignmentBody, listAssignments } from './assignment-store.js';
import { draftPreviewBody, previewDraft } from './draft-preview.js';
import { deleteAssignmentAction, deleteTemplateAction, putAssignmentAction, updateTemplateAction } from './template-handlers.js';
import { createTemplate, getTemplate, listTemplates, templateCreateBody, templatePatchBody, templateView } from './template-store.js';
import { previewSignature } from './user-signature.js';

/** Signature templates and their assignments (issue 5): joined into the route table in api/route-table.ts. */
export const templateRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'get',
    path: '/templates',
    access: 'viewer',
    summary: 'Signature templates, by name',
    handler: ({ deps, tenantId }) => listTemplates(deps, tenantId),
  }),
  route({
    method: 'post',
    path: '/templates',
    access: 'editor',
    summary: 'Create a signature template (HTML is sanitised; placeholders and sections are checked)',
    body: templateCreateBody,
    status: 201,
    audit: { action: 'template.create', target: (_i, r) => ({ type: 'template', id: (r as { id: string }).id }) },
    example: { body: { name: 'Standard', html: '<p><b>{{firstName}} {{lastName}}</b>{{#title}}<br>{{title}}{{/title}}</p>{{banner}}' } },
    handler: ({ deps, tenantId }, { body }) => createTemplate(deps, tenantId, body),
  }),
  route({
    method: 'get',
    path: '/templates/:templateId',
    access: 'viewer',
    summary: 'One signature template',
    params: z.object({ templateId: idSchema }),
    handler: async ({ deps, tenantId }, { params }) => templateView(params.templateId, await getTemplate(deps, tenantId, params.templateId)),
  }),
  route({
    method: 'patch',
    path: '/templates/:templateId',
    access: 'editor',
    summary: 'Rename a template or change its HTML; Gmail signatures of its users are pushed again',
    params: z.object({ templateId: idSchema }),
    body: templatePatchBody,
    audit: { action: 'template.update', target: ({ params }) => ({ type: 'template', id: params.templateId }) },
    example: { body: { name: 'Standard (2026)' } },
    handler: ({ deps, tenantId, caller }, { params, body }) => updateTemplateAction({ deps, tenantId, uid: caller.uid }, params.templateId, body),
  }),
  route({
    method: 'delete',
    path: '/templates/:templateId',
    access: 'editor',
    summary: 'Delete a template and its assignments',
    params: z.object({ templateId: idSchema }),
    audit: { action: 'template.delete', target: ({ params }) => ({ type: 'template', id: params.templateId }) },
    handler: ({ deps, tenantId, caller }, { params }) => deleteTemplateAction({ deps, tenantId, uid: caller.uid }, params.templateId),
  }),
  route({
    method: 'get',
    path: '/templates/:templateId/preview/:userId',
    access: 'admin',
    summary: "A template rendered for one user, with the banner they would get now: { html, text }",
    params: z.object({ templateId: idSchema, userId: idSchema }),
    handler: ({ deps, tenantId }, { params }) => previewSignature(deps, tenantId, params.templateId, params.userId),
  }),
  route({
    method: 'get',
    path: '/template-assignments',
    access: 'admin',
    summary: 'Which template applies to everyone, to each group, to single users',
    handler: ({ deps, tenantId }) => listAssignments(deps, tenantId),
  }),
  route({
    method: 'put',
    path: '/template-assignments',
    access: 'editor',
    summary: 'Assign a template to everyone, a group or one user (replaces that target\'s assignment)',
    body: assignmentBody,
    check: ({ deps, tenantId }, body) => unknownGroups(deps, tenantId, assignmentGroup(body)),
    audit: { action: 'template.assign', target: (_i, r) => ({ type: 'assignment', id: (r as { id: string }).id }) },
    example: { body: { templateId: 'acme-standard', target: { kind: 'group', group: 'Sales' }, priority: 60 } },
    handler: ({ deps, tenantId, caller }, { body }) => putAssignmentAction({ deps, tenantId, uid: caller.uid }, body),
  }),
  route({
    method: 'delete',
    path: '/template-assignments/:assignmentId',
    access: 'editor',
    summary: 'Remove an assignment',
    params: z.object({ assignmentId: idSchema }),
    audit: { action: 'template.unassign', target: ({ params }) => ({ type: 'assignment', id: params.assignmentId }) },
    handler: ({ deps, tenantId, caller }, { params }) => deleteAssignmentAction({ deps, tenantId, uid: caller.uid }, params.assignmentId),
  }),
];

/** The template editor's live check and preview: joined into the route table in api/route-table.ts. */
export const templatePreviewRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'post',
    path: '/templates/draft-preview',
    access: 'admin',
    summary: 'Check unsaved template HTML as a save would, and render it for one user with their current banner: { html, text } (nothing stored)',
    body: draftPreviewBody,
    // Called as the admin types: saves are audited (template.create/update), drafts are not.
    audit: { none: 'reads only: renders unsaved HTML, stores nothing' },
    example: { body: { html: '<p>{{firstName}} {{lastName}}</p>', userId: 'no-such-user' } },
    handler: ({ deps, tenantId }, { body }) => previewDraft(deps, tenantId, body),
  }),
];
