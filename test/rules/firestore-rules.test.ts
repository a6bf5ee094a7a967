import { assertFails, assertSucceeds, initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { doc, getDoc, setDoc, updateDoc, deleteDoc, collection, getDocs } from 'firebase/firestore';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';

/**
 * Runs against the official Firestore emulator only (`npm run test:rules`), which cannot run on
 * the build machine: these tests were written with care but not executed there.
 */
let env: RulesTestEnvironment;

beforeAll(async () => {
  env = await initializeTestEnvironment({
    projectId: 'demo-herald-rules',
    firestore: { rules: readFileSync('firestore.rules', 'utf8') },
  });
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore();
    await setDoc(doc(db, 'tenants/acme'), { name: 'Acme', status: 'active' });
    await setDoc(doc(db, 'tenants/acme/users/u1'), { email: 'jane.doe@acme.example' });
    await setDoc(doc(db, 'tenants/acme/audit/a1'), { action: 'tenant.create' });
    await setDoc(doc(db, 'tenants/acme/campaigns/c1'), { name: 'Spring' });
    await setDoc(doc(db, 'tenants/acme/campaigns/c1/counters/d1'), { views: 1 });
    await setDoc(doc(db, 'tenants/initech/users/u9'), { email: 'someone@initech.example' });
    await setDoc(doc(db, 'deletions/acme-1'), { tenantId: 'acme' });
    await setDoc(doc(db, 'webhookNonces/n1'), { at: 1 });
  });
});

afterAll(async () => {
  await env?.cleanup();
});

const as = (role: string, tid = 'acme') => env.authenticatedContext(`uid-${role}-${tid}`, { tid, role }).firestore();

describe('reads', () => {
  it('lets admins and owners read their own tenant, personal data included', async () => {
    for (const role of ['admin', 'owner']) {
      await assertSucceeds(getDoc(doc(as(role), 'tenants/acme')));
      await assertSucceeds(getDoc(doc(as(role), 'tenants/acme/users/u1')));
      await assertSucceeds(getDoc(doc(as(role), 'tenants/acme/audit/a1')));
      await assertSucceeds(getDocs(collection(as(role), 'tenants/acme/users')));
      await assertSucceeds(getDoc(doc(as(role), 'tenants/acme/campaigns/c1/counters/d1')));
    }
  });

  it('keeps personal data from staff below admin and from employees', async () => {
    for (const role of ['viewer', 'editor', 'user']) {
      await assertFails(getDoc(doc(as(role), 'tenants/acme/users/u1')));
      await assertFails(getDoc(doc(as(role), 'tenants/acme/audit/a1')));
      await assertFails(getDocs(collection(as(role), 'tenants/acme/users')));
    }
  });

  it('lets staff read campaigns (no personal data) but not employees', async () => {
    for (const role of ['viewer', 'editor']) await assertSucceeds(getDoc(doc(as(role), 'tenants/acme/campaigns/c1')));
    await assertFails(getDoc(doc(as('user'), 'tenants/acme/campaigns/c1')));
  });

  it('never crosses tenants, and denies the signed-out and the tenant-less', async () => {
    await assertFails(getDoc(doc(as('admin'), 'tenants/initech/users/u9')));
    await assertFails(getDoc(doc(as('owner', 'initech'), 'tenants/acme/users/u1')));
    await assertFails(getDoc(doc(env.unauthenticatedContext().firestore(), 'tenants/acme')));
    await assertFails(getDoc(doc(env.authenticatedContext('no-tenant').firestore(), 'tenants/acme/campaigns/c1')));
  });

  it('keeps certificates and webhook nonces API-only', async () => {
    await assertFails(getDoc(doc(as('owner'), 'deletions/acme-1')));
    await assertFails(getDoc(doc(as('owner'), 'webhookNonces/n1')));
  });
});

describe('writes', () => {
  it('denies every client write, whatever the role', async () => {
    for (const role of ['owner', 'admin', 'editor', 'viewer', 'user']) {
      const db = as(role);
      await assertFails(setDoc(doc(db, 'tenants/acme/users/new'), { email: 'x@acme.example' }));
      await assertFails(updateDoc(doc(db, 'tenants/acme'), { status: 'deleting' }));
      await assertFails(deleteDoc(doc(db, 'tenants/acme/audit/a1')));
      await assertFails(setDoc(doc(db, 'tenants/acme/campaigns/c2'), { name: 'x' }));
      await assertFails(setDoc(doc(db, 'deletions/forged'), { tenantId: 'acme' }));
    }
  });
});
