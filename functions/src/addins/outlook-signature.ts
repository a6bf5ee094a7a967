import type { Deps } from '../core/deps.js';
import { userSignature, type SignatureVariant, type UserSignature } from '../signatures/user-signature.js';
import type { AddinEmployee } from './addin-employee.js';
import { assertOutlookSafe } from './outlook-safe-signature.js';

/**
 * GET /api/addins/outlook/signature: the employee's signature and every variant the add-in may
 * insert, so it can switch between them without asking again (a recipients change, offline):
 * `html` (new mail), `reply` (replies and forwards; null: `html`), `internal` and `internalReply`
 * (every recipient a colleague; `internalReply` null: `internal`), and the tenant's verified
 * domains, lower case, which decide who is a colleague. `sendingAs`: the shared mailbox or alias
 * whose assigned template this is (null: the person's own signature).
 */
export interface OutlookSignatureAnswer extends Omit<UserSignature, 'internal'> {
  internal: SignatureVariant;
  internalReply: SignatureVariant | null;
  verifiedDomains: string[];
}

/**
 * The signature for `employee` sending as `from` (Outlook's From, when the add-in sends it): an
 * admin's assignment to that address, rendered with the employee's own fields, or else the
 * employee's own signature. Never anyone else's: `from` only selects among address assignments
 * (addresses that are nobody's own mailbox), and the employee's own address is their own signature.
 */
export async function outlookSignature(deps: Deps, employee: AddinEmployee, from: string | undefined): Promise<OutlookSignatureAnswer> {
  const sendingAs = from && from !== employee.user.email.toLowerCase() ? from : null;
  const { internal, ...signature } = await userSignature(deps, employee.tenantId, employee.userId, 'send', employee.user, sendingAs, true);
  const variants = { internal: { html: internal!.html, text: internal!.text }, internalReply: internal!.reply };
  for (const v of [signature, signature.reply, variants.internal, variants.internalReply]) if (v) assertOutlookSafe(deps.config, v.html);
  return { ...signature, ...variants, verifiedDomains: employee.verifiedDomains };
}
