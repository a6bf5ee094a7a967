import type * as z from 'zod';
import type { Deps } from '../core/deps.js';
import { deleteAssignment, loadAssignments, putAssignment, type AssignmentBody, type AssignmentView } from './assignment-store.js';
import { mergeScopes, scopeOfAssignment } from './deploy-scope.js';
import { redeploySignatures } from './redeploy.js';
import { hostedImageUrlsIn, releaseImages } from '../images/image-store.js';
import { deleteTemplate, getTemplate, updateTemplate, type templatePatchBody, type TemplateSaved } from './template-store.js';
import { assignmentView } from './assignment-store.js';

/** Template and assignment changes as the API makes them: store, then push the affected signatures. */
interface Actor {
  deps: Deps;
  tenantId: string;
  uid: string;
}

/** The id of the job pushing the affected Gmail signatures again; null when none was started. */
interface Redeployed {
  deployJobId: string | null;
}

/** PATCH /api/templates/:templateId. */
export type TemplateUpdated = TemplateSaved & Redeployed;
/** DELETE /api/templates/:templateId: the template and its assignments are gone. */
export interface TemplateDeleted extends Redeployed {
  id: string;
  deleted: true;
  unassigned: number;
}
/** PUT /api/template-assignments. */
export type AssignmentSaved = AssignmentView & Redeployed;
/** DELETE /api/template-assignments/:assignmentId. */
export interface AssignmentDeleted extends Redeployed {
  id: string;
  deleted: true;
}

export async function updateTemplateAction({ deps, tenantId, uid }: Actor, templateId: string, body: z.output<typeof templatePatchBody>): Promise<TemplateUpdated> {
  const variantSent = body.replyHtml !== undefined || body.internalHtml !== undefined;
  const old = body.html === undefined && !variantSent ? null : await getTemplate(deps, tenantId, templateId);
  const beforeHtml = old ? old.html + (old.replyHtml ?? '') + (old.internalHtml ?? '') : null;
  const { view, htmlChanged } = await updateTemplate(deps, tenantId, templateId, body);
  // A logo we host that the new HTML (any variant) no longer shows is deleted once nothing else shows it.
  if ((htmlChanged || variantSent) && beforeHtml) await releaseImages(deps, tenantId, hostedImageUrlsIn(deps, tenantId, beforeHtml));
  const scope = htmlChanged ? mergeScopes((await loadAssignments(deps, tenantId)).filter((a) => a.templateId === templateId).map(scopeOfAssignment)) : null;
  return { ...view, deployJobId: await redeploySignatures(deps, { tenantId, createdBy: uid, scope }) };
}

export async function deleteTemplateAction({ deps, tenantId, uid }: Actor, templateId: string): Promise<TemplateDeleted> {
  const old = await getTemplate(deps, tenantId, templateId);
  const { assignments } = await deleteTemplate(deps, tenantId, templateId);
  await releaseImages(deps, tenantId, hostedImageUrlsIn(deps, tenantId, old.html + (old.replyHtml ?? '') + (old.internalHtml ?? '')));
  const scope = mergeScopes(assignments.map(scopeOfAssignment));
  return { id: templateId, deleted: true, unassigned: assignments.length, deployJobId: await redeploySignatures(deps, { tenantId, createdBy: uid, scope }) };
}

export async function putAssignmentAction({ deps, tenantId, uid }: Actor, body: AssignmentBody): Promise<AssignmentSaved> {
  const { assignment } = await putAssignment(deps, tenantId, body);
  const deployJobId = await redeploySignatures(deps, { tenantId, createdBy: uid, scope: scopeOfAssignment(assignment) });
  return { ...assignmentView(assignment), deployJobId };
}

export async function deleteAssignmentAction({ deps, tenantId, uid }: Actor, assignmentId: string): Promise<AssignmentDeleted> {
  const removed = await deleteAssignment(deps, tenantId, assignmentId);
  const deployJobId = await redeploySignatures(deps, { tenantId, createdBy: uid, scope: scopeOfAssignment(removed) });
  return { id: assignmentId, deleted: true, deployJobId };
}
