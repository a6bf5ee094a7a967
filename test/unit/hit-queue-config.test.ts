import { describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/src/core/config.js';

const key = Buffer.alloc(32, 7).toString('base64');
/** A deployed project's environment (as config.test.ts builds it). */
const production = {
  K_SERVICE: 'links',
  GCLOUD_PROJECT: 'herald-eu',
  HERALD_REGION: 'eu',
  LINK_HOST: 'go.eu.herald.example',
  LINK_KEYS: JSON.stringify({ current: 'k2', keys: { k1: key, k2: key } }),
  UNINSTALL_WEBHOOK_SECRET: 'x'.repeat(40),
  RECIPIENT_KEYS: JSON.stringify({ current: 'r1', keys: { r1: key }, hashKey: key }),
};

describe('where views and clicks go (config.hitQueue, the one switch)', () => {
  it("goes through Google's Pub/Sub in production, even with an emulator variable set", () => {
    expect(readConfig(production).hitQueue).toEqual({ apiEndpoint: null });
    expect(readConfig({ ...production, PUBSUB_EMULATOR_HOST: '127.0.0.1:8085' }).hitQueue).toEqual({ apiEndpoint: null });
  });
  it('goes through the Pub/Sub emulator on a demo project that has one (tests, the Functions emulator), else commits directly (npm start)', () => {
    expect(readConfig({ PUBSUB_EMULATOR_HOST: '127.0.0.1:4567' }).hitQueue).toEqual({ apiEndpoint: 'http://127.0.0.1:4567/' });
    expect(readConfig({ FUNCTION_TARGET: 'links', GCLOUD_PROJECT: 'demo-herald', PUBSUB_EMULATOR_HOST: '127.0.0.1:4567', ...emulatorParams() }).hitQueue).toEqual({ apiEndpoint: 'http://127.0.0.1:4567/' });
    expect(readConfig({}).hitQueue).toBeNull();
  });
});

/** The params the emulator stack writes to functions/.env.local (the public dev values). */
function emulatorParams() {
  const { K_SERVICE: _k, GCLOUD_PROJECT: _p, ...rest } = production;
  return rest;
}
