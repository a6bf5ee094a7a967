import { parseArgs } from 'node:util';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { setLinksSuspended } from '../tracking/link-suspension.js';

/**
 * Herald operator's command: suspend (or restore) every tracked link of a tenant at once.
 *
 *   node --import tsx functions/src/local/suspend-links.ts --project herald-eu --tenant <tenantId>
 *   node --import tsx functions/src/local/suspend-links.ts --project herald-eu --tenant <tenantId> --restore
 *
 * Runs with the operator's own Google credentials (`gcloud auth application-default login`),
 * which need Firestore write access on the project: tenants have no API route for this. Against
 * the emulator, set FIRESTORE_EMULATOR_HOST. Links stop redirecting within the links function's
 * tenant cache TTL (30 s); the change is in the tenant's audit trail as `tenant.links_suspend`.
 */
const { values } = parseArgs({
  options: { project: { type: 'string' }, database: { type: 'string' }, tenant: { type: 'string' }, restore: { type: 'boolean', default: false } },
});
if (!values.tenant || !values.project) {
  console.error('usage: suspend-links.ts --project <projectId> --tenant <tenantId> [--database <databaseId>] [--restore]');
  process.exit(2);
}
const app = initializeApp({ projectId: values.project });
const db = values.database ? getFirestore(app, values.database) : getFirestore(app);
const result = await setLinksSuspended({ db, now: () => new Date() }, values.tenant, !values.restore);
console.log(`${result.tenantId}: links ${result.linksSuspended ? 'suspended' : 'restored'}`);
