import type { Firestore } from 'firebase-admin/firestore';
import * as z from 'zod';
import { catalog, type CatalogEntry } from '../../functions/src/core/catalog.js';
import { zTime } from '../../functions/src/core/schemas/time.js';

/**
 * Test-only catalog-shaped entries, shaped like the ones other areas add (recipient clicks keyed by
 * `recipientHash`, per-employee counters under a campaign, receipts keyed by Auth uid), so the
 * engine is proven generic before those entries exist on this branch. They are registered for one
 * test file and removed (with their documents) before the catalog guard runs.
 */
const loose = z.looseObject({ expireAt: zTime.optional() });
const base = {
  schema: loose,
  purpose: 'test fixture',
  legalBasis: 'contract',
  recipients: 'test',
  export: { user: true, tenant: true },
} as const;

export const FIXTURE_ENTRIES: Record<string, CatalogEntry> = {
  fxClicks: {
    ...base,
    path: 'tenants/{tenantId}/fxClicks/{clickId}',
    description: 'fixture: recipient clicks',
    personalData: ['recipient_contact', 'usage'],
    dataSubjects: ['recipient', 'employee'],
    retention: { kind: 'ttl', days: 90, why: 'fixture' },
    subjects: [
      { key: 'recipientHash', at: 'field', field: 'recipientHash' },
      { key: 'userId', at: 'field', field: 'userId' },
      { key: 'campaignId', at: 'field', field: 'campaignId' },
    ],
    erasure: { kind: 'delete' },
  },
  fxCounters: {
    ...base,
    path: 'tenants/{tenantId}/campaigns/{campaignId}/fxCounters/{counterId}',
    description: 'fixture: per-employee counters under a campaign',
    personalData: ['usage', 'pseudonymous_ids'],
    dataSubjects: ['employee'],
    retention: { kind: 'while_user', why: 'fixture' },
    subjects: [
      { key: 'campaignId', at: 'path', param: 'campaignId' },
      { key: 'userId', at: 'field', field: 'userId' },
    ],
    erasure: { kind: 'delete' },
  },
  fxReceipts: {
    ...base,
    path: 'tenants/{tenantId}/fxReceipts/{receiptId}',
    description: 'fixture: notification receipts keyed by the Auth uid',
    personalData: ['usage', 'pseudonymous_ids'],
    dataSubjects: ['employee'],
    retention: { kind: 'ttl', days: 30, why: 'fixture' },
    subjects: [{ key: 'authUid', at: 'field', field: 'uid' }],
    erasure: { kind: 'delete' },
  },
  fxDaily: {
    ...base,
    path: 'tenants/{tenantId}/campaigns/{campaignId}/fxDaily/{dayId}',
    description: 'fixture: nested expiring documents',
    personalData: ['usage'],
    dataSubjects: ['employee'],
    retention: { kind: 'ttl', days: 30, why: 'fixture' },
    subjects: [{ key: 'campaignId', at: 'path', param: 'campaignId' }],
    erasure: { kind: 'delete' },
  },
};

export function registerFixtureEntries(): void {
  Object.assign(catalog as Record<string, CatalogEntry>, FIXTURE_ENTRIES);
}

export function unregisterFixtureEntries(): void {
  for (const name of Object.keys(FIXTURE_ENTRIES)) delete (catalog as Record<string, CatalogEntry>)[name];
}

/** Deletes every document of the fixture collections, in any tenant. */
export async function removeFixtureDocs(db: Firestore): Promise<void> {
  for (const name of Object.keys(FIXTURE_ENTRIES)) {
    const id = FIXTURE_ENTRIES[name]!.path.split('/').slice(-2)[0]!;
    const snap = await db.collectionGroup(id).select().get();
    for (let i = 0; i < snap.docs.length; i += 450) {
      const batch = db.batch();
      for (const d of snap.docs.slice(i, i + 450)) batch.delete(d.ref);
      await batch.commit();
    }
  }
}

