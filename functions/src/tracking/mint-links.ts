import type { Deps } from '../deps.js';

/**
 * TEMPORARY STAND-IN, issue 5 branch only: the tracking issue (3) owns this file and its real
 * implementation (signed tokens for /c and /v). This version exists only so the signature code
 * compiles and runs on this branch; at merge the tracking branch's file replaces it. The
 * signature code depends only on this exact signature.
 */
export async function mintBannerLinks(deps: Deps, input: { tenantId: string; campaignId: string; userId: string }): Promise<{ clickUrl: string; viewUrl: string }> {
  const ref = `pending-${encodeURIComponent(input.campaignId)}`;
  return { clickUrl: `${deps.config.linkBaseUrl}/c/${ref}`, viewUrl: `${deps.config.linkBaseUrl}/v/${ref}` };
}
