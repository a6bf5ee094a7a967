import { assertFails, initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc, type Firestore } from 'firebase/firestore';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';

/**
 * Incidents under firestore.rules, with real documents: nobody outside Herald's functions reads or
 * writes them. The tenant's own owner cannot rewrite a notice or its timeline (updates are
 * appended by Herald only), nor add an entry to it, nor read another tenant's incident; the
 * console reads its own through the API. (test/rules/firestore-rules.test.ts covers every
 * collection × caller × operation generically; this names the incident cases.)
 */
const INCIDENT = 'tenants/acme/incidents/inc-20261201-3f9a1c2b';
const UPDATE = `${INCIDENT}/incidentUpdates/upd-0123456789ab`;
const OTHER = 'tenants/initech/incidents/inc-20261201-3f9a1c2b';
let env: RulesTestEnvironment;
let owner: Firestore;
let otherOwner: Firestore;

beforeAll(async () => {
  const [host, port] = inject('firestoreEmulatorHost')!.split(':');
  env = await initializeTestEnvironment({ projectId: 'demo-herald-incident-rules', firestore: { host: host!, port: Number(port), rules: readFileSync('firestore.rules', 'utf8') } });
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore();
    const at = new Date('2026-12-01T09:00:00Z');
    await setDoc(doc(db, INCIDENT), { title: 'Export links sent to the wrong address', detectedAt: at, recordedAt: at, notifiedAt: at, approxPeople: 120 });
    await setDoc(doc(db, UPDATE), { summary: 'Contained.', status: 'contained', at, notifiedAt: at });
    await setDoc(doc(db, OTHER), { title: 'Initech only', detectedAt: at, recordedAt: at, notifiedAt: at });
    await setDoc(doc(db, 'operatorIncidents/inc-20261201-3f9a1c2b'), { tenantIds: ['acme', 'initech'] });
  });
  owner = env.authenticatedContext('acme-owner', { tid: 'acme', role: 'owner', email: 'owner@acme.example', email_verified: true }).firestore() as unknown as Firestore;
  otherOwner = env.authenticatedContext('initech-owner', { tid: 'initech', role: 'owner', email: 'owner@initech.example', email_verified: true }).firestore() as unknown as Firestore;
});
afterAll(async () => {
  await env?.cleanup();
});

describe('incident documents under firestore.rules', () => {
  it("the tenant's own owner cannot rewrite, delete or add to an incident's timeline", async () => {
    await assertFails(updateDoc(doc(owner, INCIDENT), { approxPeople: 3 }));
    await assertFails(setDoc(doc(owner, INCIDENT), { title: 'Nothing happened' }));
    await assertFails(updateDoc(doc(owner, UPDATE), { summary: 'Never mind.' }));
    await assertFails(deleteDoc(doc(owner, UPDATE)));
    await assertFails(setDoc(doc(owner, `${INCIDENT}/incidentUpdates/upd-forged`), { summary: 'Closed, all fine.', status: 'closed' }));
  });

  it("an owner cannot read another tenant's incident, nor Herald's register naming the tenants", async () => {
    await assertFails(getDoc(doc(otherOwner, INCIDENT)));
    await assertFails(getDocs(collection(otherOwner, `${INCIDENT}/incidentUpdates`)));
    await assertFails(getDoc(doc(owner, OTHER)));
    await assertFails(getDoc(doc(owner, 'operatorIncidents/inc-20261201-3f9a1c2b')));
  });
});
