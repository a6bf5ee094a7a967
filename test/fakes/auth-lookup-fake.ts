/**
 * The part of the Firebase Auth emulator's REST API the API's token check calls (accounts:lookup,
 * what verifyIdToken(token, checkRevoked) asks), for benches that must not depend on starting
 * firebase-tools: a local server answering for the accounts given, and unsigned ID tokens as the
 * Auth emulator issues them (firebase-admin accepts `alg: none` only with FIREBASE_AUTH_EMULATOR_HOST set).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAccount {
  uid: string;
  email: string;
  claims: Record<string, unknown>;
}

export async function startAuthLookupFake(projectId: string, accounts: FakeAccount[]): Promise<{ host: string; idToken(uid: string): string; close(): Promise<void> }> {
  const byUid = new Map(accounts.map((a) => [a.uid, a]));
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith(`/projects/${projectId}/accounts:lookup`)) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 404, message: 'NOT_FOUND' } }));
        return;
      }
      const ids = ((JSON.parse(raw || '{}') as { localId?: string[] }).localId ?? []).filter((id) => byUid.has(id));
      const users = ids.map((id) => {
        const a = byUid.get(id)!;
        return { localId: a.uid, email: a.email, emailVerified: true, disabled: false, validSince: '0', customAttributes: JSON.stringify(a.claims), providerUserInfo: [{ providerId: 'password', email: a.email, rawId: a.email }] };
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'identitytoolkit#GetAccountInfoResponse', ...(users.length ? { users } : {}) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return {
    host,
    idToken(uid: string) {
      const a = byUid.get(uid);
      if (!a) throw new Error(`no fake account ${uid}`);
      const now = Math.floor(Date.now() / 1000);
      const payload = { iss: `https://securetoken.google.com/${projectId}`, aud: projectId, sub: uid, user_id: uid, iat: now, exp: now + 3600, auth_time: now, email: a.email, email_verified: true, firebase: { identities: { email: [a.email] }, sign_in_provider: 'password' }, ...a.claims };
      return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
