import { randomInt } from 'node:crypto';
import { col, doc } from '../core/catalog.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';

/**
 * Link codes: the short numbers a link token carries instead of 20-character Firestore ids.
 * A tenant's code is a field of the tenant document, unique in the project; campaign and employee
 * codes are documents tenants/{t}/linkCodes/{code}, unique within the tenant. Codes are random, so
 * they reveal nothing about how many users a tenant has; they start small (3 bytes in a token)
 * and grow only on collisions.
 */
const SMALL = 1 << 21;
const LARGE = 1 << 28;

/** Allocations under way in this instance, so concurrent mints for one subject share one code. */
const inflight = new Map<string, Promise<number>>();

/** A subject's code on its `attempt`-th try (0 first): small, larger only after three collisions. */
export function randomLinkCode(attempt: number): number {
  return attempt < 3 ? randomInt(1, SMALL) : randomInt(SMALL, LARGE);
}

/** The tenant's code, allocated once; concurrent first mints in this instance share the allocation. */
export function ensureTenantLinkCode(deps: Pick<Deps, 'db'>, tenantId: string): Promise<number> {
  const key = `tenant/${tenantId}`;
  let pending = inflight.get(key);
  if (!pending) {
    pending = allocateTenantCode(deps, tenantId).finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

async function allocateTenantCode(deps: Pick<Deps, 'db'>, tenantId: string): Promise<number> {
  const ref = doc(deps.db, 'tenants', { tenantId });
  const existing = (await ref.get()).get('linkCode') as number | undefined;
  if (existing) return existing;
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = randomInt(1, LARGE);
    const taken = await col(deps.db, 'tenants', {}).where('linkCode', '==', code).limit(1).get();
    if (!taken.empty) continue;
    // The transaction makes the assignment once-only when two mints race for the same tenant.
    return deps.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) throw new AppError('not_found', 'tenant not found');
      const current = snap.get('linkCode') as number | undefined;
      if (current) return current;
      tx.update(ref, { linkCode: code });
      return code;
    });
  }
  throw new AppError('unavailable', 'could not allocate a link code; try again');
}

type Subject = { kind: 'campaign'; campaignId: string } | { kind: 'user'; userId: string };

/**
 * The subject's code, allocated on first use. A subject's links must stay the same from one mint
 * to the next (signatures are re-pushed only when they change), so: mints in one instance share
 * one allocation, and when instances race, every mint answers the canonical code, the subject's
 * code document that sorts first; the other still resolves to the subject.
 */
export function ensureLinkCode(deps: Pick<Deps, 'db' | 'now'>, tenantId: string, subject: Subject): Promise<number> {
  const key = `${tenantId}/${subject.kind}/${subject.kind === 'campaign' ? subject.campaignId : subject.userId}`;
  let pending = inflight.get(key);
  if (!pending) {
    pending = allocate(deps, tenantId, subject).finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

async function allocate(deps: Pick<Deps, 'db' | 'now'>, tenantId: string, subject: Subject): Promise<number> {
  const codes = col(deps.db, 'linkCodes', { tenantId });
  const [field, id] = subject.kind === 'campaign' ? ['campaignId', subject.campaignId] : ['userId', subject.userId];
  const canonical = async () => {
    const found = await codes.where(field, '==', id).orderBy('__name__').limit(1).get();
    return found.empty ? null : Number(found.docs[0]!.id);
  };
  const existing = await canonical();
  if (existing !== null) return existing;
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = randomLinkCode(attempt);
    try {
      await codes.doc(String(code)).create({ ...subject, createdAt: deps.now() });
      return (await canonical()) ?? code;
    } catch (err) {
      if ((err as { code?: number }).code !== 6) throw err; // 6: ALREADY_EXISTS, the code is taken
    }
  }
  throw new AppError('unavailable', 'could not allocate a link code; try again');
}
