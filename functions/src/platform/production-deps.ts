import { getApps, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import { readConfig } from '../core/config.js';
import type { Deps } from '../core/deps.js';
import { CloudTaskQueue } from './cloud-task-queue.js';
import { lazyFileStore, unconfiguredFileStore } from './file-store.js';
import { logger } from './logger.js';

let cached: Deps | undefined;

/** The Cloud Functions dependencies, built once per instance on first use. */
export function productionDeps(): Deps {
  if (cached) return cached;
  const app = getApps()[0] ?? initializeApp();
  const config = readConfig();
  const db = getFirestore(app);
  db.settings({ ignoreUndefinedProperties: true });
  const { bucket, apiEndpoint } = config.storage;
  const files = bucket
    ? lazyFileStore(async () => new (await import('./cloud-storage-file-store.js')).CloudStorageFileStore({ bucket, apiEndpoint }))
    : unconfiguredFileStore;
  cached = { db, auth: getAuth(app), tasks: new CloudTaskQueue(app, config.functionRegion), config, log: logger, now: () => new Date(), files };
  return cached;
}
