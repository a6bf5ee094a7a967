import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { ensureLinkCode, ensureTenantLinkCode } from './link-codes.js';
import { takeRecipientLinks } from './mint-quota.js';
import { inTokenContext, sealRecipient } from './recipient-seal.js';
import { encodeToken } from './token-codec.js';

export interface MintInput {
  tenantId: string;
  campaignId: string;
  userId: string;
}

interface Codes {
  tenantCode: number;
  campaignCode: number;
  userCode: number;
}

/**
 * The campaign and the user as read in this request or job: a deployment renders every employee
 * from the banner campaigns and the users it has loaded, so minting checks those copies instead of
 * reading both documents again per employee.
 */
export interface MintSubjects {
  campaign: { kind: string } | undefined;
  user: object | undefined;
}

async function readSubjects(deps: Deps, input: MintInput): Promise<MintSubjects> {
  const [campaign, user] = await Promise.all([
    doc(deps.db, 'campaigns', { tenantId: input.tenantId, campaignId: input.campaignId }).get(),
    doc(deps.db, 'users', { tenantId: input.tenantId, userId: input.userId }).get(),
  ]);
  return { campaign: campaign.exists ? { kind: campaign.get('kind') as string } : undefined, user: user.exists ? {} : undefined };
}

/** Checks that the campaign is a banner campaign and the user exists (as `read`, else read now), then gets (or allocates) their codes. */
async function linkCodes(deps: Deps, input: MintInput, read?: MintSubjects): Promise<Codes> {
  const { campaign, user } = read ?? (await readSubjects(deps, input));
  if (!campaign) throw new AppError('not_found', 'params.campaignId: no such campaign');
  if (campaign.kind !== 'banner') throw new AppError('failed_precondition', 'params.campaignId: not a banner campaign');
  if (!user) throw new AppError('not_found', 'body.userId: no such user');
  const [tenantCode, campaignCode, userCode] = await Promise.all([
    ensureTenantLinkCode(deps, input.tenantId),
    ensureLinkCode(deps, input.tenantId, { kind: 'campaign', campaignId: input.campaignId }),
    ensureLinkCode(deps, input.tenantId, { kind: 'user', userId: input.userId }),
  ]);
  return { tenantCode, campaignCode, userCode };
}

/**
 * The tracked banner links of one employee for one campaign: `clickUrl` (302 to the campaign's
 * destination) and `viewUrl` (the banner image). Both carry the same signed token; the path says
 * which action it is. `read`: the campaign and user as the caller read them (`MintSubjects`).
 */
export async function mintBannerLinks(deps: Deps, input: MintInput, read?: MintSubjects): Promise<{ clickUrl: string; viewUrl: string }> {
  const codes = await linkCodes(deps, input, read);
  const token = encodeToken(deps.config.linkKeys, { kind: 'banner', ...codes });
  return { clickUrl: `${deps.config.linkBaseUrl}/c/${token}`, viewUrl: `${deps.config.linkBaseUrl}/v/${token}` };
}

/**
 * Click links for one sender and each recipient, the address sealed inside the token. Minted
 * whether or not the tenant opted in: without the opt-in, a click records nothing about the
 * recipient, so turning tracking off takes effect on links already sent.
 */
export async function mintRecipientLinks(deps: Deps, input: MintInput & { recipients: string[] }): Promise<{ recipient: string; clickUrl: string }[]> {
  const codes = await linkCodes(deps, input);
  await takeRecipientLinks(deps, input.tenantId, codes.userCode, input.recipients.length);
  return input.recipients.map((recipient) => {
    const sealed = sealRecipient(deps.config.recipientKeys, recipient, inTokenContext(codes.tenantCode));
    const token = encodeToken(deps.config.linkKeys, { kind: 'recipient', ...codes, sealed });
    return { recipient, clickUrl: `${deps.config.linkBaseUrl}/c/${token}` };
  });
}

/**
 * A banner's links for one draft (the Gmail add-on), with one lookup of the codes: the view link is
 * always the employee's; the click link carries the sealed recipient when one is given.
 */
export async function mintDraftLinks(deps: Deps, input: MintInput & { recipient: string | null }): Promise<{ clickUrl: string; viewUrl: string }> {
  const codes = await linkCodes(deps, input);
  const banner = encodeToken(deps.config.linkKeys, { kind: 'banner', ...codes });
  let click = banner;
  if (input.recipient !== null) {
    await takeRecipientLinks(deps, input.tenantId, codes.userCode, 1);
    const sealed = sealRecipient(deps.config.recipientKeys, input.recipient, inTokenContext(codes.tenantCode));
    click = encodeToken(deps.config.linkKeys, { kind: 'recipient', ...codes, sealed });
  }
  return { clickUrl: `${deps.config.linkBaseUrl}/c/${click}`, viewUrl: `${deps.config.linkBaseUrl}/v/${banner}` };
}
