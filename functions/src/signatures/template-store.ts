import * as z from 'zod';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { toIso } from '../core/timestamps.js';
import { sanitizeTemplate } from './sanitize-template.js';
import { assertFitsEveryUser, type TemplateToCheck } from './template-fit.js';
import type { TemplateDoc } from '../core/schemas/signature.js';
import { labelled } from '../core/field-labels.js';
import { templateDesignSchema, type TemplateDesign } from '../core/schemas/template-design.js';

export const templateCreateBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    html: z.string().min(1).max(50_000),
    replyHtml: z.string().min(1).max(50_000).nullable().optional(),
    /** The variant for mail to colleagues only (Outlook); null removes it (then: `html` without the banner). */
    internalHtml: z.string().min(1).max(50_000).nullable().optional(),
    /** The designer's state, sent with the HTML it generated; a save of `html` without it clears the stored one (the HTML is no longer the designer's). */
    design: templateDesignSchema.nullable().optional(),
  })
  .strict();
labelled(templateCreateBody, {
  name: 'Template name',
  html: 'Signature HTML',
  replyHtml: 'Reply signature HTML',
  internalHtml: 'Signature for colleagues',
  design: 'Design',
  'design.version': 'Design version',
  'design.layout': 'Layout',
  'design.logo': 'Logo',
  'design.logo.url': 'Logo image',
  'design.logo.width': 'Logo width',
  'design.logo.height': 'Logo height',
  'design.companyName': 'Company name',
  'design.websiteUrl': 'Website',
  'design.brandColor': 'Brand colour',
  'design.fields': 'Fields shown',
  'design.social': 'Social links',
  'design.social.kind': 'Social link type',
  'design.social.url': 'Social link address',
  'design.legal': 'Legal line',
});
export const templatePatchBody = templateCreateBody
  .partial()
  .refine((b) => b.name !== undefined || b.html !== undefined || b.replyHtml !== undefined || b.internalHtml !== undefined, { message: 'send name, html, replyHtml or internalHtml' })
  .refine((b) => !b.design || b.html !== undefined, { message: 'is saved only with the html it produced', path: ['design'] });
labelled(templatePatchBody, {
  '': 'Template',
  name: 'Template name',
  html: 'Signature HTML',
  replyHtml: 'Reply signature HTML',
  internalHtml: 'Signature for colleagues',
  design: 'Design',
  'design.version': 'Design version',
  'design.layout': 'Layout',
  'design.logo': 'Logo',
  'design.logo.url': 'Logo image',
  'design.logo.width': 'Logo width',
  'design.logo.height': 'Logo height',
  'design.companyName': 'Company name',
  'design.websiteUrl': 'Website',
  'design.brandColor': 'Brand colour',
  'design.fields': 'Fields shown',
  'design.social': 'Social links',
  'design.social.kind': 'Social link type',
  'design.social.url': 'Social link address',
  'design.legal': 'Legal line',
});

/** A signature template as the API shows it (GET /api/templates/:templateId, and POST's answer). */
export interface TemplateView {
  id: string;
  name: string;
  html: string;
  /** The shorter reply/forward variant; null when the template has none. */
  replyHtml: string | null;
  /** The variant for mail to colleagues only; null when the template has none (colleagues get `html` without the banner). */
  internalHtml: string | null;
  /** The designer's state when the HTML came from the designer; null when the HTML was written by hand. */
  design: TemplateDesign | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/**
 * POST /api/templates (and, with its deploy job, PATCH): the saved template and what the email-safe
 * allowlist removed from the HTML sent, one sentence each (empty when nothing was), for the editor to tell.
 */
export type TemplateSaved = TemplateView & { removed: string[] };

/** GET /api/templates: every template, by name. */
export interface TemplateList {
  templates: TemplateView[];
}

export function templateView(id: string, t: TemplateDoc): TemplateView {
  return { id, name: t.name, html: t.html, replyHtml: t.replyHtml ?? null, internalHtml: t.internalHtml ?? null, design: t.design ?? null, createdAt: toIso(t.createdAt), updatedAt: toIso(t.updatedAt) };
}

/** Sanitises; refuses a template whose placeholders or sections are wrong, naming each problem. */
async function cleanHtml(deps: Deps, html: string, field = 'body.html', removed: string[] = []): Promise<string> {
  const { html: clean, errors, removed: gone } = await sanitizeTemplate(html, deps.config.env);
  if (errors.length) throw new AppError('invalid_argument', errors.map((e) => `${field}: ${e}`).join('; '), { fields: errors.map((message) => ({ field, message })) });
  removed.push(...gone);
  return clean;
}

/** The HTML a save brings, each with its field, to check against every user of the tenant. */
function toCheck(html: string | undefined, replyHtml: string | null | undefined, internalHtml?: string | null): TemplateToCheck[] {
  return [
    ...(html !== undefined ? [{ field: 'body.html', html }] : []),
    ...(replyHtml ? [{ field: 'body.replyHtml', html: replyHtml }] : []),
    ...(internalHtml ? [{ field: 'body.internalHtml', html: internalHtml }] : []),
  ];
}

export async function listTemplates(deps: Deps, tenantId: string): Promise<TemplateList> {
  const snap = await col(deps.db, 'templates', { tenantId }).orderBy('name').get();
  return { templates: snap.docs.map((d) => templateView(d.id, d.data())) };
}

export async function getTemplate(deps: Deps, tenantId: string, templateId: string): Promise<TemplateDoc> {
  const data = (await doc(deps.db, 'templates', { tenantId, templateId }).get()).data();
  if (!data) throw new AppError('not_found', 'template not found');
  return data;
}

export async function createTemplate(deps: Deps, tenantId: string, body: z.output<typeof templateCreateBody>): Promise<TemplateSaved> {
  const now = deps.now();
  const ref = col(deps.db, 'templates', { tenantId }).doc();
  const removed: string[] = [];
  const data: TemplateDoc = {
    name: body.name,
    html: await cleanHtml(deps, body.html, 'body.html', removed),
    ...(body.replyHtml ? { replyHtml: await cleanHtml(deps, body.replyHtml, 'body.replyHtml', removed) } : {}),
    ...(body.internalHtml ? { internalHtml: await cleanHtml(deps, body.internalHtml, 'body.internalHtml', removed) } : {}),
    design: body.design ?? null,
    createdAt: now,
    updatedAt: now,
  };
  await assertFitsEveryUser(deps, tenantId, toCheck(data.html, data.replyHtml, data.internalHtml));
  await ref.set(data);
  return { ...templateView(ref.id, data), removed: [...new Set(removed)] };
}

export async function updateTemplate(deps: Deps, tenantId: string, templateId: string, body: z.output<typeof templatePatchBody>) {
  const ref = doc(deps.db, 'templates', { tenantId, templateId });
  const removed: string[] = [];
  const html = body.html === undefined ? undefined : await cleanHtml(deps, body.html, 'body.html', removed);
  const replyHtml = body.replyHtml === undefined ? undefined : body.replyHtml === null ? null : await cleanHtml(deps, body.replyHtml, 'body.replyHtml', removed);
  const internalHtml = body.internalHtml === undefined ? undefined : body.internalHtml === null ? null : await cleanHtml(deps, body.internalHtml, 'body.internalHtml', removed);
  await assertFitsEveryUser(deps, tenantId, toCheck(html, replyHtml, internalHtml));
  return deps.db.runTransaction(async (tx) => {
    const current = (await tx.get(ref)).data();
    if (!current) throw new AppError('not_found', 'template not found');
    const next: TemplateDoc = { ...current, ...(body.name ? { name: body.name } : {}), ...(html !== undefined ? { html } : {}), ...(replyHtml !== undefined ? { replyHtml } : {}), ...(internalHtml !== undefined ? { internalHtml } : {}), ...designChange(body), updatedAt: deps.now() };
    tx.set(ref, next);
    // Gmail gets `html` only: a reply or internal variant alone changes nothing there.
    return { view: { ...templateView(templateId, next), removed: [...new Set(removed)] } as TemplateSaved, htmlChanged: html !== undefined && html !== current.html };
  });
}

/** A design is kept only with the HTML it produced: new HTML without one means the HTML is now written by hand. */
function designChange(body: z.output<typeof templatePatchBody>): Pick<TemplateDoc, 'design'> | Record<string, never> {
  if (body.design !== undefined) return { design: body.design };
  return body.html !== undefined ? { design: null } : {};
}

/** Deletes the template and every assignment of it, in one batch. */
export async function deleteTemplate(deps: Deps, tenantId: string, templateId: string) {
  const ref = doc(deps.db, 'templates', { tenantId, templateId });
  if (!(await ref.get()).exists) throw new AppError('not_found', 'template not found');
  const assignments = await col(deps.db, 'signatureAssignments', { tenantId }).where('templateId', '==', templateId).get();
  const batch = deps.db.batch();
  batch.delete(ref);
  for (const a of assignments.docs) batch.delete(a.ref);
  await batch.commit();
  return { assignments: assignments.docs.map((d) => d.data()) };
}
