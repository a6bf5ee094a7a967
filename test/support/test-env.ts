import { readFileSync } from 'node:fs';
import path from 'node:path';
import supertest from 'supertest';
import { inject } from 'vitest';
import { readConfig } from '../../functions/src/core/config.js';
import { createApiApp } from '../../functions/src/api/api-app.js';
import { loadState, type StateFile } from '../../functions/src/local/firestore-state.js';
import { createLocalDeps, type LocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import type { Role } from '../../functions/src/core/schemas/tenant.js';
import { liveEnvs } from './catalog-guard.js';
import { setOperator } from '../../functions/src/operator/operator-account.js';

export const DEMO_PASSWORD = 'herald-demo';
export const DEMO = {
  acmeOwner: 'owner@acme.example',
  acmeAdmin: 'admin@acme.example',
  acmeUser: 'jane.doe@acme.example',
  initechAdmin: 'admin@initech.example',
} as const;

export interface TestEnv {
  deps: LocalDeps;
  log: ReturnType<typeof memoryLogger>;
  app: ReturnType<typeof createApiApp>;
  http: ReturnType<typeof supertest>;
  /** An ID token for an existing emulator account. */
  token(email: string): Promise<string>;
  /** A fresh emulator account (unique email on `domain`) with these claims; returns its token. */
  account(input: { domain: string; tenantId?: string; role?: Role; emailVerified?: boolean }): Promise<{ uid: string; email: string; token: string }>;
  /** A fresh Herald operator account (on herald.example), marked as the operator command marks it. */
  operator(): Promise<{ uid: string; email: string; token: string }>;
}

export function authEmulatorHost(): string {
  const host = inject('authEmulatorHost');
  process.env.FIREBASE_AUTH_EMULATOR_HOST = host;
  return host;
}

export function demoSeed(): StateFile {
  return JSON.parse(readFileSync(path.resolve('emulator-data/firestore-seed.json'), 'utf8')) as StateFile;
}

/**
 * Where a test environment's Firestore lives: on the run's official emulator (FIRESTORE_EMULATOR_HOST,
 * set by the integration project's global setup) a database of its own, so files running in
 * parallel never share documents; otherwise a fresh in-memory database.
 */
export function testDatabase(): { firestoreEmulatorHost?: string; databaseId?: string } {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  return host ? { firestoreEmulatorHost: host, databaseId: `test-${Math.random().toString(36).slice(2, 10)}` } : {};
}

/**
 * A fresh in-memory Firestore (or the official emulator when FIRESTORE_EMULATOR_HOST is set)
 * seeded with the demo tenants, the API app over it, and Auth through the suite's emulator.
 * The catalog guard checks and closes it after the file.
 */
export async function createTestEnv(options: { seed?: StateFile | null; env?: NodeJS.ProcessEnv; now?: () => Date } = {}): Promise<TestEnv> {
  const host = authEmulatorHost();
  const log = memoryLogger();
  const config = readConfig({ ...process.env, ...options.env, GCLOUD_PROJECT: 'demo-herald' });
  const deps = createLocalDeps({
    config,
    log,
    taskTimeScale: 0,
    ...testDatabase(),
    ...(options.now ? { now: options.now } : {}),
  });
  liveEnvs.add(deps);
  const seed = options.seed === undefined ? demoSeed() : options.seed;
  if (seed) await loadState(deps.db, seed, { origin: config.linkBaseUrl });
  const app = createApiApp(deps);
  const token = (email: string) => signIn(host, email, DEMO_PASSWORD);
  const env: TestEnv = {
    deps,
    log,
    app,
    http: supertest(app),
    token,
    async account({ domain, tenantId, role, emailVerified = true }) {
      const email = `t${Math.random().toString(36).slice(2, 10)}@${domain}`;
      const user = await deps.auth.createUser({ email, password: DEMO_PASSWORD, emailVerified });
      if (tenantId && role) {
        // Seeded state, as changeRole (tenants/member-roles.ts) leaves it: claims and the members record.
        await deps.auth.setCustomUserClaims(user.uid, { tid: tenantId, role });
        await deps.db.doc(`tenants/${tenantId}/members/${user.uid}`).set({ role, grantedBy: 'test', grantedAt: new Date() });
      }
      return { uid: user.uid, email, token: await signIn(host, email, DEMO_PASSWORD) };
    },
    async operator() {
      const { uid, email } = await env.account({ domain: 'herald.example' });
      await setOperator(deps.auth, email, true);
      return { uid, email, token: await signIn(host, email, DEMO_PASSWORD) };
    },
  };
  return env;
}

/** Password sign-in against the Auth emulator's REST API, as the SPA's SDK does. */
export async function signIn(host: string, email: string, password: string): Promise<string> {
  const res = await fetch(`http://${host}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo-api-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, returnSecureToken: true }),
  });
  const body = (await res.json()) as { idToken?: string; error?: { message: string } };
  if (!body.idToken) throw new Error(`sign-in failed for a test account: ${body.error?.message ?? res.status}`);
  return body.idToken;
}
