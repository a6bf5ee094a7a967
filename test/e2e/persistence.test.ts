import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/src/local/free-port.js';
import { startLocalHost } from '../../functions/src/local/start-local.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';

const stateDir = mkdtempSync(path.join(tmpdir(), 'herald-state-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

async function start(persist: boolean) {
  const env = { PORT: String(await freePort()), HERALD_AUTH_PORT: '0', HERALD_STATE_DIR: stateDir, HERALD_PERSIST: persist ? '1' : '' };
  return startLocalHost(env, { quiet: true, log: memoryLogger() });
}

describe('local state across restarts', () => {
  it('keeps Firestore and Auth changes only when HERALD_PERSIST=1, never touching the seed', async () => {
    const seedBefore = readFileSync('emulator-data/firestore-seed.json', 'utf8');

    const first = await start(true);
    await first.deps.db.doc('tenants/acme').update({ name: 'Acme Renamed' });
    await first.deps.auth.createUser({ email: 'kept@acme.example', password: 'herald-demo' });
    await first.stop();

    const second = await start(true);
    expect((await second.deps.db.doc('tenants/acme').get()).get('name')).toBe('Acme Renamed');
    expect((await second.deps.auth.getUserByEmail('kept@acme.example')).email).toBe('kept@acme.example');
    await second.stop();

    const fresh = await start(false);
    expect((await fresh.deps.db.doc('tenants/acme').get()).get('name')).toBe('Acme');
    await expect(fresh.deps.auth.getUserByEmail('kept@acme.example')).rejects.toThrow();
    await fresh.stop();

    expect(readFileSync('emulator-data/firestore-seed.json', 'utf8')).toBe(seedBefore);
  });
});
