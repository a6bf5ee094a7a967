import { parseArgs } from 'node:util';
import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { setOperator } from '../operator/operator-account.js';

/**
 * Herald operator's command: mark an account as a Herald operator (or remove the mark).
 *
 *   node --import tsx functions/src/local/operator-accounts.ts --project herald-eu --email ops@herald.example
 *   node --import tsx functions/src/local/operator-accounts.ts --project herald-eu --email ops@herald.example --remove
 *
 * Runs with the operator's own Google credentials (`gcloud auth application-default login`), which
 * need Firebase Auth admin rights on the project: no API route sets the `operator` claim. The
 * account must have signed in once and must not belong to a tenant. An operator reads a tenant only
 * through the operator routes, under an approval its owners gave in the console. Against the
 * emulator, set FIREBASE_AUTH_EMULATOR_HOST.
 */
const { values } = parseArgs({ options: { project: { type: 'string' }, email: { type: 'string' }, remove: { type: 'boolean', default: false } } });
if (!values.project || !values.email) {
  console.error('usage: operator-accounts.ts --project <projectId> --email <address> [--remove]');
  process.exit(2);
}
const app = initializeApp({ projectId: values.project });
try {
  const result = await setOperator(getAuth(app), values.email, !values.remove);
  console.log(`${values.email}: ${result.operator ? 'is now a Herald operator' : 'is no longer a Herald operator; its sessions are revoked'}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
