import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { DelegationOutcome } from '../google/delegation-check.js';

/** The region's side of Gmail deployment, for the super admin's delegation steps. */
export interface GmailSetupView {
  /** False when this region has no Google service account: the operator's configuration, nothing the customer can do. */
  available: boolean;
  /** The service account's numeric OAuth client id, to paste into domain-wide delegation (null when unavailable). */
  clientId: string | null;
  /** The exact scopes to paste, in order. */
  scopes: string[];
}

/** POST /signatures/gmail-check: what one call as the admin said, in words. */
export interface GmailCheckView {
  outcome: DelegationOutcome;
  ok: boolean;
  /** One sentence saying what happened. */
  message: string;
  /** What to do next (empty when nothing is needed). */
  advice: string;
}

/** Every outcome, in words a super admin can act on: the one place these sentences live. */
export const CHECK_WORDS: Record<DelegationOutcome, { message: (email: string) => string; advice: string }> = {
  ok: { message: (email) => `Herald can change ${email}'s Gmail signature: delegation is in place.`, advice: '' },
  not_delegated: {
    message: () => "Google refused: Herald's client id is not authorised in your domain-wide delegation.",
    advice: 'Add the client id with the scopes above in the Admin console (Security → Access and data control → API controls → Manage domain-wide delegation). Google can take a few minutes, sometimes longer, to apply it; then check again.',
  },
  gmail_scope_missing: {
    message: () => "Herald's client id is authorised, but without the Gmail settings scope.",
    advice: "Edit Herald's entry in domain-wide delegation and paste all the scopes above (the Gmail one included), then check again.",
  },
  user_not_found: {
    message: (email) => `Google has no active account for ${email}: the address is mistyped, or the account is suspended or deleted.`,
    advice: 'Check with the address of an active user of your Workspace, such as your own.',
  },
  mail_service_off: {
    message: (email) => `${email} has no Gmail mailbox: the account is suspended or has no Gmail licence.`,
    advice: 'Check with a user who has Gmail; Herald skips people without a mailbox when it pushes.',
  },
  refused: { message: () => 'Google refused the call for a reason Herald does not recognise.', advice: 'Check the delegation entry in the Admin console, then try again.' },
  google_unavailable: { message: () => 'Google did not answer.', advice: 'Try again in a minute.' },
  no_credentials: {
    message: () => 'Pushing to Gmail is not set up in this Herald region: that is the operator’s configuration, not yours.',
    advice: 'Ask Herald support to enable it for your region.',
  },
};

/** The client id and scopes (no Google call: reading the region's key). */
export async function gmailSetup(deps: Deps): Promise<GmailSetupView> {
  const { DELEGATION_SCOPES } = await import('../google/delegation-check.js');
  const key = deps.config.googleServiceAccount;
  return { available: key !== null, clientId: key?.client_id ?? null, scopes: DELEGATION_SCOPES };
}

/**
 * Tries one read-only call as `adminEmail`, who must be on one of the tenant's verified domains:
 * Herald never impersonates an address another tenant owns.
 */
export async function checkGmail(deps: Deps, tenantId: string, adminEmail: string): Promise<GmailCheckView> {
  const email = adminEmail.trim().toLowerCase();
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data();
  const domains = tenant?.verifiedDomains ?? [];
  const domain = email.split('@')[1] ?? '';
  if (!domains.includes(domain)) {
    const list = domains.length ? domains.join(', ') : 'none yet';
    throw new AppError('invalid_argument', `Enter an address on one of your verified domains (${list}).`, {
      fields: [{ field: 'body.adminEmail', message: `Enter an address on one of your verified domains (${list}).` }],
    });
  }
  const { checkGmailDelegation } = await import('../google/delegation-check.js');
  const outcome = await checkGmailDelegation(deps, email);
  deps.log.info('gmail delegation checked', { tenantId, outcome });
  const words = CHECK_WORDS[outcome];
  return { outcome, ok: outcome === 'ok', message: words.message(email), advice: words.advice };
}
