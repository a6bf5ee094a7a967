import * as z from 'zod';
import { col } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import type { AliasDeploymentDoc, DeploymentDoc, DriftDoc } from '../core/schemas/signature.js';
import { toIso } from '../core/timestamps.js';

export const listDeploymentsQuery = z.object({
  /** `drifted`: someone whose signature was changed in Gmail by hand, at any of their addresses (latest first). */
  status: z.enum(['deployed', 'failed', 'drifted']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The last change made in Gmail by hand at an address, and what Herald did: put its signature back, or only report it. */
export interface DriftView {
  at: string | null;
  action: DriftDoc['action'];
}

/** Where the signature of one of a person's other Gmail send-as addresses (an alias) stands. */
export interface AliasView {
  address: string;
  /** `skipped_unverified`: not on one of the tenant's verified domains, or not verified in Gmail; never pushed. */
  status: AliasDeploymentDoc['status'];
  templateId: string | null;
  errorStatus: number | null;
  reason: AliasDeploymentDoc['reason'];
  drift: DriftView | null;
  at: string | null;
}

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
  /** The primary address's last change made in Gmail by hand, until the next push. */
  drift: DriftView | null;
  /** The person's other send-as addresses, by address. */
  aliases: AliasView[];
}

/** GET /api/signatures/deployments. */
export interface DeploymentList {
  deployments: DeploymentView[];
}

const driftView = (d: DriftDoc | null | undefined): DriftView | null => (d ? { at: toIso(d.at), action: d.action } : null);

/** Where each user's Gmail signature stands (ids, addresses, status and time only), e.g. the users Gmail refused. */
export async function listDeployments(deps: Deps, tenantId: string, query: z.output<typeof listDeploymentsQuery>): Promise<DeploymentList> {
  const ref = col(deps.db, 'signatureDeployments', { tenantId });
  // Drifted: any record with a drift time (null when none); single-field order, no composite index.
  const q = query.status === 'drifted' ? ref.where('driftAt', '>', new Date(0)).orderBy('driftAt', 'desc') : query.status ? ref.where('status', '==', query.status) : ref;
  const snap = await q.limit(query.limit).get();
  return {
    deployments: snap.docs.map((d) => {
      const x = d.data();
      const aliases = Object.values(x.aliases ?? {})
        .map((a) => ({ address: a.address, status: a.status, templateId: a.templateId, errorStatus: a.errorStatus, reason: a.reason, drift: driftView(a.drift), at: toIso(a.at) }))
        .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
      return { userId: d.id, status: x.status, templateId: x.templateId, campaignId: x.campaignId, errorStatus: x.errorStatus, reason: x.reason ?? (x.status === 'failed' ? 'gmail_refused' : null), at: toIso(x.at), drift: driftView(x.drift), aliases };
    }),
  };
}
