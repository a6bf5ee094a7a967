import { z } from 'zod';
import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { DeploymentDoc } from '../core/schemas/signature.js';
import { toIso } from '../core/timestamps.js';

export const listDeploymentsQuery = z.object({
  status: z.enum(['deployed', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Where one user's Gmail signature stands. */
export interface DeploymentView {
  userId: string;
  status: DeploymentDoc['status'];
  templateId: string | null;
  campaignId: string | null;
  /** The Gmail API's HTTP status when the push failed. */
  errorStatus: number | null;
  /** Why it failed: `signature_too_large` means it was never sent (over the signature cap; GET the user's signature for the reason). */
  reason: DeploymentDoc['reason'];
  at: string | null;
}

/** GET /api/signatures/deployments. */
export interface DeploymentList {
  deployments: DeploymentView[];
}

/** Where each user's Gmail signature stands (ids, status and time only), e.g. the users Gmail refused. */
export async function listDeployments(deps: Deps, tenantId: string, query: z.output<typeof listDeploymentsQuery>): Promise<DeploymentList> {
  const ref = col(deps.db, 'signatureDeployments', { tenantId });
  const snap = await (query.status ? ref.where('status', '==', query.status) : ref).limit(query.limit).get();
  return {
    deployments: snap.docs.map((d) => {
      const x = d.data();
      return { userId: d.id, status: x.status, templateId: x.templateId, campaignId: x.campaignId, errorStatus: x.errorStatus, reason: x.reason ?? (x.status === 'failed' ? 'gmail_refused' : null), at: toIso(x.at) };
    }),
  };
}
