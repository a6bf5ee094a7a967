/**
 * The cost bench's stand-in for a large tenant's first Gmail deployment (100,000 pushes at ~4 ms of
 * CPU each for the impersonation token alone: more than this machine can play in a bench run). It
 * writes, with BulkWriter, what a complete first deployment leaves behind, so the month's lines after
 * onboarding run against the real code on a tenant in the state they would find:
 * - each employee's link code (`linkCodes`, as the first mint allocates it), the tenant's and the
 *   campaign's through the real allocation;
 * - each employee's deployment record, deployed, its hashes those of the HTML the Gmail fake is given
 *   to hold (so the drift check finds what it would: nothing changed);
 * - the tenant's `gmailSignatureState`, from the real inputs hash, as the completed pass records it.
 * Onboarding is a one-off reported apart; at the sizes seeded it is not reported.
 */
import { createHash } from 'node:crypto';
import { doc } from '../../functions/src/core/catalog.js';
import type { Deps } from '../../functions/src/core/deps.js';
import { recordCompletePass } from '../../functions/src/signatures/deploy-plan.js';
import { signatureInputsHash } from '../../functions/src/signatures/signature-inputs.js';
import { loadSignatureContext } from '../../functions/src/signatures/user-signature.js';
import { ensureLinkCode, ensureTenantLinkCode, randomLinkCode } from '../../functions/src/tracking/link-codes.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function seedFirstDeployment(deps: Deps, input: { tenantId: string; templateId: string; campaignId: string; giveGmail: (signatures: [string, string][]) => Promise<void> }): Promise<number> {
  const { tenantId } = input;
  const at = deps.now();
  const ctx = await loadSignatureContext(deps, tenantId, 'send');
  await ensureTenantLinkCode(deps, tenantId);
  const campaignCode = await ensureLinkCode(deps, tenantId, { kind: 'campaign', campaignId: input.campaignId });
  const users = (await deps.db.collection(`tenants/${tenantId}/users`).select('email').get()).docs;
  const taken = new Set<number>([campaignCode]);
  const writer = deps.db.bulkWriter();
  writer.onWriteError((e) => e.failedAttempts < 5);
  const gmail: [string, string][] = [];
  for (const u of users) {
    // Drawn as the first mint draws them (small codes, larger only after collisions): a code is in its
    // document's name, so wider codes than the product's would bill the seeded size more bytes.
    let code: number;
    let attempt = 0;
    do code = randomLinkCode(attempt++);
    while (taken.has(code));
    taken.add(code);
    const email = u.get('email') as string;
    const html = `<p>seeded signature of ${u.id}</p>`;
    gmail.push([email, html]);
    void writer.set(deps.db.doc(`tenants/${tenantId}/linkCodes/${code}`), { kind: 'user', userId: u.id, createdAt: at });
    void writer.set(deps.db.doc(`tenants/${tenantId}/signatureDeployments/${u.id}`), {
      status: 'deployed',
      hash: sha256(html),
      gmailHash: sha256(html),
      templateId: input.templateId,
      campaignId: input.campaignId,
      errorStatus: null,
      reason: null,
      at,
      drift: null,
      aliases: {},
      driftAt: null,
      address: email,
    });
    if (gmail.length === 10_000) await input.giveGmail(gmail.splice(0));
  }
  if (gmail.length) await input.giveGmail(gmail.splice(0));
  await writer.close();
  const tenant = (await doc(deps.db, 'tenants', { tenantId }).get()).data()!;
  await recordCompletePass(deps, tenantId, await signatureInputsHash(deps, tenant, ctx, at), at);
  return users.length;
}
