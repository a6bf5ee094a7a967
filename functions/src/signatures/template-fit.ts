import { FieldPath } from 'firebase-admin/firestore';
import { loadCampaigns } from '../campaigns/campaign-store.js';
import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { UserDoc } from '../core/schemas/user.js';
import { SIGNATURE_MAX_CHARS } from '../core/signature-limits.js';
import { effectiveFields } from '../directory/user-view.js';
import { encodeToken } from '../tracking/token-codec.js';
import { bannerMarkup, renderSignature, type SignatureBanner, type SignatureFields } from './render-signature.js';
import { overListCap, sizeBound, templateShape } from './signature-size.js';
import { SignatureTooLarge } from './signature-too-large.js';

/** One template HTML to check, and the request field it came from (`body.html`, `body.replyHtml`). */
export interface TemplateToCheck {
  field: string;
  html: string;
}

const PAGE = 1000;
const NO_ONE: SignatureFields = { email: '', firstName: '', lastName: '', title: '', workPhone: '', mobilePhone: '', addresses: [], groups: [] };

/**
 * The widest banner a user of the tenant can get now: the longest alt of its banner campaigns, in
 * links with the longest token Herald mints (every code at its maximum). No link is minted.
 */
async function widestBanner(deps: Deps, tenantId: string): Promise<SignatureBanner | null> {
  const campaigns = (await loadCampaigns(deps, tenantId, 'banner')).filter((c) => c.doc.banner);
  if (!campaigns.length) return null;
  const token = encodeToken(deps.config.linkKeys, { kind: 'banner', tenantCode: 0xffffffff, campaignCode: 0xffffffff, userCode: 0xffffffff });
  const banners = campaigns.map((c) => ({ clickUrl: `${deps.config.linkBaseUrl}/c/${token}`, viewUrl: `${deps.config.linkBaseUrl}/v/${token}`, alt: c.doc.banner!.alt, width: c.doc.banner!.width, height: c.doc.banner!.height }));
  return banners.reduce((a, b) => (bannerMarkup(b).length > bannerMarkup(a).length ? b : a));
}

const displayName = (f: SignatureFields) => [f.firstName, f.lastName].filter(Boolean).join(' ');

function refuse(t: TemplateToCheck, who: string, err: SignatureTooLarge): AppError {
  const message = `${t.field}: ${who}: ${err.message}`;
  return new AppError('invalid_argument', message, { fields: [{ field: t.field, message: `${who}: ${err.message}` }] });
}

async function check(t: TemplateToCheck, fields: SignatureFields, banner: SignatureBanner | null, who: string): Promise<void> {
  try {
    await renderSignature(t.html, fields, banner);
  } catch (err) {
    if (err instanceof SignatureTooLarge) throw refuse(t, who, err);
    throw err;
  }
}

/**
 * Refuses (400, naming the field, the user and the limit) a template that some user of the tenant
 * could not get within the cap, with the widest banner the tenant runs: the same renderer and cap
 * as every other path, so what is saved can be served to everyone. Reads the directory once, a
 * page at a time and only the fields a signature shows; each user is bounded in O(placeholders)
 * (signature-size.ts) and rendered only when the bound comes near the cap. The error names the
 * user by directory id and display name, for the admin; nothing of it is logged.
 */
export async function assertFitsEveryUser(deps: Deps, tenantId: string, templates: TemplateToCheck[]): Promise<void> {
  if (!templates.length) return;
  const banner = await widestBanner(deps, tenantId);
  const bannerChars = banner ? bannerMarkup(banner).length : 0;
  // The template alone (a user with no values), so a tenant with no directory yet is checked too.
  for (const t of templates) await check(t, NO_ONE, banner, 'even for a user with no directory values');
  const shapes = templates.map((t) => ({ t, shape: templateShape(t.html) }));

  const users = col(deps.db, 'users', { tenantId }).select('email', 'firstName', 'lastName', 'title', 'workPhone', 'mobilePhone', 'addresses', 'groups', 'overrides').orderBy(FieldPath.documentId()).limit(PAGE);
  let after: string | undefined;
  for (;;) {
    const snap = await (after === undefined ? users : users.startAfter(after)).get();
    for (const d of snap.docs) {
      const fields = effectiveFields({ addresses: [], groups: [], overrides: {}, ...(d.data() as Partial<UserDoc>) } as UserDoc);
      for (const { t, shape } of shapes) {
        // Far enough below the cap that the sanitiser's re-encoding cannot matter: no need to render.
        if (sizeBound(shape, fields, bannerChars) <= SIGNATURE_MAX_CHARS / 2 && !overListCap(shape, fields)) continue;
        const name = displayName(fields);
        await check(t, fields, banner, `for directory user ${d.id}${name ? ` (${name})` : ''}`);
      }
    }
    if (snap.size < PAGE) return;
    after = snap.docs[snap.docs.length - 1]!.id;
  }
}
