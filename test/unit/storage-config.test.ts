import { describe, expect, it } from 'vitest';
import { storedFilePrefix, storedFiles } from '../../functions/src/core/catalog.js';
import { readConfig } from '../../functions/src/core/config.js';

const key = Buffer.alloc(32, 7).toString('base64');
const production = {
  K_SERVICE: 'api',
  GCLOUD_PROJECT: 'herald-eu',
  HERALD_REGION: 'eu',
  LINK_HOST: 'go.eu.herald.example',
  LINK_KEYS: JSON.stringify({ current: 'k1', keys: { k1: key } }),
  UNINSTALL_WEBHOOK_SECRET: 'x'.repeat(40),
  RECIPIENT_KEYS: JSON.stringify({ current: 'r1', keys: { r1: key }, hashKey: key }),
};

describe('stored files configuration', () => {
  it("takes the STORAGE_BUCKET param, else the project's default Firebase bucket, else none in production", () => {
    expect(readConfig({ ...production, STORAGE_BUCKET: 'herald-eu-exports' }).storage).toEqual({ bucket: 'herald-eu-exports', apiEndpoint: null });
    expect(readConfig({ ...production, FIREBASE_CONFIG: JSON.stringify({ projectId: 'herald-eu', storageBucket: 'herald-eu.firebasestorage.app' }) }).storage.bucket).toBe('herald-eu.firebasestorage.app');
    expect(readConfig(production).storage.bucket).toBeNull();
  });

  it('never points production at a local Storage server; elsewhere STORAGE_EMULATOR_HOST does', () => {
    expect(readConfig({ ...production, STORAGE_BUCKET: 'b-eu', STORAGE_EMULATOR_HOST: '127.0.0.1:9199' }).storage.apiEndpoint).toBeNull();
    expect(readConfig({ STORAGE_EMULATOR_HOST: '127.0.0.1:9199' }).storage).toEqual({ bucket: 'demo-herald-exports', apiEndpoint: 'http://127.0.0.1:9199' });
  });

  it('names the field of an invalid bucket name', () => {
    expect(() => readConfig({ ...production, STORAGE_BUCKET: 'Not A Bucket' })).toThrow(/storage\.bucket: must be a Cloud Storage bucket name/);
  });

  it("finds a tenant's files of a kind by one prefix, under the tenant", () => {
    expect(storedFilePrefix('tenantExports', 'acme')).toBe('tenants/acme/exports/');
    for (const entry of Object.values(storedFiles)) expect(entry.key.startsWith('tenants/{tenantId}/')).toBe(true);
    expect(storedFiles.tenantExports.personalData).toEqual(expect.arrayContaining(['contact', 'identity']));
  });
});
