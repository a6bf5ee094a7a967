import { doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { startJob } from '../jobs/job-store.js';
import { MAX_SCOPED_USERS, type DeployScope } from '../core/schemas/deploy-payload.js';
import type { TenantDoc } from '../core/schemas/tenant.js';
import { notConfigured } from '../core/not-configured.js';

interface RedeployInput {
  tenantId: string;
  createdBy: string;
  scope: DeployScope | null;
  force?: boolean;
  /** An admin asked for it: refused with the reason instead of skipped, so a job id always comes back. */
  explicit?: boolean;
  /** The tenant, when the caller has just read it (the directory sync). */
  tenant?: TenantDoc;
}

/**
 * Starts a Gmail deployment for the users a change affects, in Google Workspace tenants only
 * (Microsoft 365 and CSV tenants fetch their signature through the API). Returns the job id, or
 * null when there is nothing to push.
 */
export async function redeploySignatures(deps: Deps, input: RedeployInput & { scope: DeployScope; explicit: true }): Promise<string>;
export async function redeploySignatures(deps: Deps, input: RedeployInput): Promise<string | null>;
export async function redeploySignatures(deps: Deps, input: RedeployInput): Promise<string | null> {
  if (!input.scope) return null;
  const tenant = input.tenant ?? (await doc(deps.db, 'tenants', { tenantId: input.tenantId }).get()).data();
  if (tenant?.directorySource !== 'google') {
    if (input.explicit) throw new AppError('invalid_argument', 'Pushing to Gmail needs a Google Workspace directory: with Microsoft 365, employees get their signature from the Outlook add-in', { fix: 'outlook_addin' });
    return null;
  }
  // Automatic pushes only once the tenant turned them on; an admin's explicit deploy always runs.
  if (!input.explicit && !tenant.settings.gmailSignatures) return null;
  // Loaded on use: the Gmail client (googleapis) is not part of the api function's cold start.
  const { gmailCredentialsAvailable } = await import('../google/gmail-signature.js');
  if (!(await gmailCredentialsAvailable(deps))) {
    if (input.explicit) throw notConfigured('Pushing signatures to Gmail');
    deps.log.warn('signature deployment not started: no Google credentials', { tenantId: input.tenantId });
    return null;
  }
  return startJob(deps, {
    tenantId: input.tenantId,
    kind: 'signatures.deploy',
    createdBy: input.createdBy,
    payload: { scope: input.scope, force: input.force ?? false },
  });
}

/**
 * For the directory sync and self-service edits: these users changed, push their signatures. More
 * than MAX_SCOPED_USERS ids push everyone's, so a caller may stop collecting ids after that many + 1.
 */
export function redeployForUsers(deps: Deps, input: { tenantId: string; createdBy: string; userIds: string[]; tenant?: TenantDoc }): Promise<string | null> {
  if (input.userIds.length === 0) return Promise.resolve(null);
  const scope: DeployScope = input.userIds.length > MAX_SCOPED_USERS ? { kind: 'all' } : { kind: 'some', userIds: [...new Set(input.userIds)], groups: [] };
  return redeploySignatures(deps, { ...input, scope });
}
