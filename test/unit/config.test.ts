import { describe, expect, it } from 'vitest';
import { DEV_DEFAULTS, readConfig, readLocalHostConfig } from '../../functions/src/core/config.js';

const key = Buffer.alloc(32, 7).toString('base64');
const production = {
  K_SERVICE: 'api',
  GCLOUD_PROJECT: 'herald-eu',
  HERALD_REGION: 'eu',
  LINK_HOST: 'go.eu.herald.example',
  LINK_KEYS: JSON.stringify({ current: 'k2', keys: { k1: key, k2: key } }),
  UNINSTALL_WEBHOOK_SECRET: 'x'.repeat(40),
  RECIPIENT_KEYS: JSON.stringify({ current: 'r1', keys: { r1: key }, hashKey: key }),
};

describe('readConfig', () => {
  it('uses documented dev defaults outside Cloud Functions', () => {
    const config = readConfig({});
    expect(config.env).toBe('local');
    expect(config.region).toBe('eu');
    expect(config.functionRegion).toBe('europe-west1');
    expect(config.linkKeys.current).toBe('d1');
    expect(config.webhookSecret).toBe(DEV_DEFAULTS.UNINSTALL_WEBHOOK_SECRET);
  });

  it('derives the function region and https link base per project', () => {
    const config = readConfig({ ...production, HERALD_REGION: 'us', LINK_HOST: 'go.us.herald.example' });
    expect(config.env).toBe('production');
    expect(config.functionRegion).toBe('us-central1');
    expect(config.linkBaseUrl).toBe('https://go.us.herald.example');
  });

  it('never falls back to dev defaults in production, and names every missing value', () => {
    const { LINK_KEYS: _k, UNINSTALL_WEBHOOK_SECRET: _w, ...partial } = production;
    expect(() => readConfig(partial)).toThrow(/linkKeys.*webhookSecret/s);
  });

  it('rejects a keyring whose current key is missing, or a short key', () => {
    expect(() => readConfig({ ...production, LINK_KEYS: JSON.stringify({ current: 'k9', keys: { k1: key } }) })).toThrow(/linkKeys.current/);
    expect(() => readConfig({ ...production, LINK_KEYS: JSON.stringify({ current: 'k1', keys: { k1: 'c2hvcnQ=' } }) })).toThrow(/at least 32 bytes/);
    expect(() => readConfig({ ...production, LINK_KEYS: 'not json' })).toThrow(/must be JSON/);
    expect(() => readConfig({ ...production, HERALD_REGION: 'mars' })).toThrow(/region/);
  });
});

describe('readLocalHostConfig', () => {
  it('reads ports and persistence with defaults', () => {
    expect(readLocalHostConfig({})).toMatchObject({ port: 5000, authPort: 9099, persist: false });
    expect(readLocalHostConfig({ PORT: '8080', HERALD_PERSIST: '1' })).toMatchObject({ port: 8080, persist: true });
    expect(() => readLocalHostConfig({ PORT: 'abc' })).toThrow(/port/);
  });
});

describe('readConfig: the public dev keys', () => {
  const { K_SERVICE: _k, ...noMarkers } = production;

  it('treats a real project id as production even without the Cloud Functions markers', () => {
    expect(readConfig(noMarkers).env).toBe('production');
    const { LINK_KEYS: _l, ...missing } = noMarkers;
    expect(() => readConfig(missing)).toThrow(/linkKeys/);
  });

  it('refuses the public dev values by value, with or without the markers', () => {
    for (const env of [production, noMarkers]) {
      expect(() => readConfig({ ...env, LINK_KEYS: DEV_DEFAULTS.LINK_KEYS })).toThrow(/linkKeys: is the public development value/);
      expect(() => readConfig({ ...env, UNINSTALL_WEBHOOK_SECRET: DEV_DEFAULTS.UNINSTALL_WEBHOOK_SECRET })).toThrow(/webhookSecret: is the public development value/);
      expect(() => readConfig({ ...env, RECIPIENT_KEYS: DEV_DEFAULTS.RECIPIENT_KEYS })).toThrow(/recipientKeys: is the public development value/);
      // A dev key hidden among real ones is refused too.
      const mixed = JSON.stringify({ current: 'k1', keys: { k1: key, d1: JSON.parse(DEV_DEFAULTS.LINK_KEYS).keys.d1 } });
      expect(() => readConfig({ ...env, LINK_KEYS: mixed })).toThrow(/linkKeys/);
    }
  });

  it('still serves the dev values to demo-* projects (emulators, tests, npm start)', () => {
    expect(readConfig({ GCLOUD_PROJECT: 'demo-herald' }).webhookSecret).toBe(DEV_DEFAULTS.UNINSTALL_WEBHOOK_SECRET);
  });
});
