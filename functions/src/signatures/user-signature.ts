import { col, doc } from '../core/catalog.js';
import { activeBanner } from '../campaigns/active-campaigns.js';
import { loadCampaigns, type StoredCampaign } from '../campaigns/campaign-store.js';
import { userBanner } from '../campaigns/user-banner.js';
import type { Deps } from '../core/deps.js';
import type { UserDoc } from '../core/schemas/user.js';
import { effectiveFields } from '../directory/user-view.js';
import { AppError } from '../core/errors.js';
import { mintBannerLinks } from '../tracking/mint-links.js';
import { loadAssignments, type StoredAssignment } from './assignment-store.js';
import { pickAddressTemplate, pickTemplate } from './pick-template.js';
import { renderSignature, type SignatureBanner, type SignatureFields } from './render-signature.js';
import type { TemplateDoc } from '../core/schemas/signature.js';

/**
 * What a rendering is for. `send`: it goes into mail (Gmail deployment, the Outlook add-in, the
 * employee's "Copy signature"), so the banner carries counted /v/ and /c/ links minted for the
 * user. `preview`: it is shown in the console (template previews, an admin's view of a user, the
 * employee's own page), so the banner shows the campaign's image and destination directly: no
 * token is minted and nothing a preview loads reaches the link function, so it cannot count.
 */
export type RenderPurpose = 'send' | 'preview';

/** Everything a tenant's signatures depend on besides the user, loaded once per request or job. */
export interface SignatureContext {
  tenantId: string;
  purpose: RenderPurpose;
  templates: Map<string, TemplateDoc>;
  assignments: StoredAssignment[];
  banners: StoredCampaign[];
}

/** One rendering of a template variant. */
export interface SignatureVariant {
  html: string;
  text: string;
}

/**
 * The variants for mail whose recipients are all colleagues (Outlook switches to them): the
 * template's `internalHtml` (its banner too if it places one), else `html` WITHOUT the banner, so
 * mail between colleagues does not count banner views; `reply` is the reply variant without the
 * banner when the template has one and no `internalHtml` (null: `html` serves replies too).
 */
export interface InternalVariants extends SignatureVariant {
  reply: SignatureVariant | null;
}

export interface UserSignature {
  html: string;
  text: string;
  templateId: string | null;
  campaignId: string | null;
  /** The names a person reads ("Sales compact", "Spring webinar"); null exactly when the id is. */
  templateName: string | null;
  campaignName: string | null;
  /** The template's shorter reply/forward variant, rendered for the same user; null when it has none. */
  reply: { html: string; text: string } | null;
  /**
   * The sending address whose assigned template this is (a shared mailbox, a team alias); null when
   * it is the person's own signature.
   */
  sendingAs: string | null;
  /** Only when asked for (`SignatureOptions.internal`: the Outlook add-in). */
  internal?: InternalVariants;
}

/** What else decides a rendering besides the user. */
export interface SignatureOptions {
  /** Render this template instead of the one the precedence rule picks (previews). */
  templateId?: string;
  /**
   * The address the mail is sent as, when it is not the person's own (Outlook's From, a Gmail
   * send-as alias). An admin's assignment to that address wins, rendered with the person's fields
   * and the address as `email`; without one the person gets their own signature, never anyone else's.
   */
  sendingAs?: string | null;
  /** Also render the internal variants (the Outlook add-in); nothing extra is minted: they reuse the banner's links. */
  internal?: boolean;
}

export async function loadSignatureContext(deps: Deps, tenantId: string, purpose: RenderPurpose): Promise<SignatureContext> {
  const [templates, assignments, banners] = await Promise.all([
    col(deps.db, 'templates', { tenantId }).get(),
    loadAssignments(deps, tenantId),
    loadCampaigns(deps, tenantId, 'banner'),
  ]);
  return { tenantId, purpose, templates: new Map(templates.docs.map((d) => [d.id, d.data()])), assignments, banners };
}

/** The banner of `campaign` for one user: counted links to send, the campaign's own URLs to preview. */
async function bannerFor(deps: Deps, ctx: SignatureContext, campaign: StoredCampaign, userId: string, user: UserDoc): Promise<SignatureBanner | null> {
  const b = userBanner(campaign.id, campaign.doc, userId).banner;
  if (!b) return null;
  // The campaign and the user as this request or job read them: not read again per employee.
  const links = ctx.purpose === 'send' ? await mintBannerLinks(deps, { tenantId: ctx.tenantId, campaignId: campaign.id, userId }, { campaign: campaign.doc, user }) : { clickUrl: b.destinationUrl, viewUrl: b.imageUrl };
  return { clickUrl: links.clickUrl, viewUrl: links.viewUrl, alt: b.alt, width: b.width, height: b.height };
}

/**
 * A user's signature at `at`: the template chosen by the precedence rule (or `templateId` for a
 * preview), the active banner with links for the context's purpose. No template: empty.
 */
export async function signatureFor(
  deps: Deps,
  ctx: SignatureContext,
  userId: string,
  user: UserDoc,
  at: Date,
  options: SignatureOptions = {},
): Promise<UserSignature> {
  const own = effectiveFields(user);
  const viaAddress = !options.templateId && options.sendingAs ? pickAddressTemplate(ctx.assignments, options.sendingAs) : null;
  const fields = viaAddress?.address ? { ...own, email: viaAddress.address } : own;
  const chosen = options.templateId ?? viaAddress?.templateId ?? pickTemplate(ctx.assignments, { id: userId, groups: fields.groups })?.templateId ?? null;
  const template = chosen ? ctx.templates.get(chosen) : undefined;
  const sendingAs = viaAddress?.address ?? null;
  if (!chosen || !template) return { html: '', text: '', templateId: null, campaignId: null, templateName: null, campaignName: null, reply: null, sendingAs: null };
  const campaign = activeBanner(ctx.banners, { id: userId, groups: fields.groups }, at);
  const banner = campaign ? await bannerFor(deps, ctx, campaign, userId, user) : null;
  const rendered = await renderSignature(template.html, fields, banner);
  const reply = template.replyHtml ? await renderSignature(template.replyHtml, fields, banner) : null;
  const internal = options.internal ? await internalVariants(template, fields, banner) : undefined;
  return { ...rendered, templateId: chosen, campaignId: banner ? campaign!.id : null, templateName: template.name, campaignName: banner ? campaign!.doc.name : null, reply, sendingAs, ...(internal ? { internal } : {}) };
}

async function internalVariants(template: TemplateDoc, fields: SignatureFields, banner: SignatureBanner | null): Promise<InternalVariants> {
  if (template.internalHtml) return { ...(await renderSignature(template.internalHtml, fields, banner)), reply: null };
  const reply = template.replyHtml ? await renderSignature(template.replyHtml, fields, null) : null;
  return { ...(await renderSignature(template.html, fields, null)), reply };
}

async function loadUser(deps: Deps, tenantId: string, userId: string): Promise<UserDoc> {
  const user = (await doc(deps.db, 'users', { tenantId, userId }).get()).data();
  if (!user) throw new AppError('not_found', 'user not found');
  return user;
}

/** GET /users/:userId/signature (preview), /me/signature, the Outlook add-in (send; `sendingAs` its From when not the person's own). */
export async function userSignature(deps: Deps, tenantId: string, userId: string, purpose: RenderPurpose, user?: UserDoc, sendingAs?: string | null, internal?: boolean): Promise<UserSignature> {
  const record = user ?? (await loadUser(deps, tenantId, userId));
  const ctx = await loadSignatureContext(deps, tenantId, purpose);
  const signature = await signatureFor(deps, ctx, userId, record, deps.now(), { sendingAs, internal });
  if (!signature.templateId) throw new AppError('not_found', 'no signature template applies to this user');
  return signature;
}

/** A template rendered for any user, with the banner that user would get now (uncounted). */
export async function previewSignature(deps: Deps, tenantId: string, templateId: string, userId: string): Promise<UserSignature> {
  const ctx = await loadSignatureContext(deps, tenantId, 'preview');
  if (!ctx.templates.has(templateId)) throw new AppError('not_found', 'template not found');
  return signatureFor(deps, ctx, userId, await loadUser(deps, tenantId, userId), deps.now(), { templateId });
}
