import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { readConfig } from '../core/config.js';
import { logger } from '../platform/logger.js';
import { createLinksApp, type LinksDeps } from './links-app.js';

/**
 * The `links` Cloud Function's app, with lean dependencies: Firestore, config and (config.hitQueue) the hit queue's Pub/Sub client. It does not
 * use platform/production-deps.ts, whose Auth and Cloud Tasks clients would add to every cold
 * start of the hot path (see the coldImportRatio benchmark).
 */
export function createLinksFunctionApp() {
  const app = getApps()[0] ?? initializeApp();
  const db = getFirestore(app);
  db.settings({ ignoreUndefinedProperties: true });
  const deps: LinksDeps = { db, config: readConfig(), log: logger, now: () => new Date() };
  return createLinksApp(deps);
}
