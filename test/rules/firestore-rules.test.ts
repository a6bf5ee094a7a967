import { assertFails, assertSucceeds, initializeTestEnvironment, type RulesTestEnvironment } from '@firebase/rules-unit-testing';
import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc, type Firestore } from 'firebase/firestore';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { catalog, COLLECTION_NAMES, type CollectionName } from '../../functions/src/core/catalog.js';

/**
 * firestore.rules on the official Firestore emulator, generated from the data catalog: every
 * collection × every kind of caller × every operation. Clients get nothing (the console and the
 * add-in go through the API), so each case must be refused as a security-rules rejection
 * (assertFails accepts nothing else: a missing emulator or a bad path fails the test).
 * A control runs the same operations under rules that allow everything, so a refusal below is
 * the rules' doing and not a broken harness.
 */
const TENANT = 'acme';
const PRINCIPALS = ['anonymous', 'other tenant', 'user', 'viewer', 'editor', 'admin', 'owner'] as const;
type Principal = (typeof PRINCIPALS)[number];
const OPERATIONS = ['get', 'list', 'create', 'update', 'delete'] as const;
type Operation = (typeof OPERATIONS)[number];

/** A concrete document path for a catalog pattern: the tenant is Acme, every other id a fixed value. */
function docPath(name: CollectionName): string {
  return catalog[name].path.replace(/\{(\w+)\}/g, (_, param: string) => (param === 'tenantId' ? TENANT : `x-${param}`));
}
const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/'));

function hostAndPort(): { host: string; port: number } {
  const emulator = inject('firestoreEmulatorHost');
  if (!emulator) throw new Error('the rules suite needs the official Firestore emulator (vitest project "rules" starts it)');
  const [host, port] = emulator.split(':');
  return { host: host!, port: Number(port) };
}

function operation(db: Firestore, name: CollectionName, op: Operation, newId: string): Promise<unknown> {
  const path = docPath(name);
  switch (op) {
    case 'get':
      return getDoc(doc(db, path));
    case 'list':
      return getDocs(collection(db, parentOf(path)));
    case 'create':
      return setDoc(doc(db, `${parentOf(path)}/${newId}`), { created: true });
    case 'update':
      return updateDoc(doc(db, path), { touched: true });
    case 'delete':
      return deleteDoc(doc(db, path));
  }
}

async function seed(env: RulesTestEnvironment): Promise<void> {
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore();
    for (const name of COLLECTION_NAMES) await setDoc(doc(db, docPath(name)), { seeded: true });
  });
}

let env: RulesTestEnvironment;
let open: RulesTestEnvironment;
const clients = new Map<Principal, Firestore>();

beforeAll(async () => {
  const emulator = hostAndPort();
  env = await initializeTestEnvironment({ projectId: 'demo-herald-rules', firestore: { ...emulator, rules: readFileSync('firestore.rules', 'utf8') } });
  open = await initializeTestEnvironment({
    projectId: 'demo-herald-rules-control',
    firestore: { ...emulator, rules: "rules_version = '2';\nservice cloud.firestore { match /databases/{database}/documents { match /{document=**} { allow read, write: if true; } } }" },
  });
  await seed(env);
  await seed(open);
  for (const who of PRINCIPALS) {
    const ctx =
      who === 'anonymous'
        ? env.unauthenticatedContext()
        : who === 'other tenant'
          ? env.authenticatedContext('initech-owner', { tid: 'initech', role: 'owner', email: 'owner@initech.example', email_verified: true })
          : env.authenticatedContext(`acme-${who}`, { tid: TENANT, role: who, email: `${who}@acme.example`, email_verified: true });
    // rules-unit-testing hands out the compat Firestore; the modular functions take it as is.
    clients.set(who, ctx.firestore() as unknown as Firestore);
  }
});

afterAll(async () => {
  await env?.cleanup();
  await open?.cleanup();
});

describe.each(COLLECTION_NAMES.map((name) => [name, catalog[name].path] as const))('%s (%s)', (name) => {
  describe.each(PRINCIPALS.map((p) => [p]))('as %s', (who) => {
    it.each(OPERATIONS.map((op) => [op]))('%s is refused', async (op) => {
      await assertFails(operation(clients.get(who)!, name, op, `new-${who.replace(' ', '-')}`));
    });
  });

  it('control: the same operations succeed under rules that allow them', async () => {
    const db = open.authenticatedContext('acme-owner', { tid: TENANT, role: 'owner' }).firestore() as unknown as Firestore;
    for (const op of OPERATIONS) await assertSucceeds(operation(db, name, op, 'new-control'));
  });
});
