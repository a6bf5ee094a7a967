import { parseArgs } from 'node:util';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { AppError } from '../core/errors.js';
import { describeResult, runIncidentCommand, USAGE } from '../incidents/incident-command.js';

/**
 * Herald operator's command: record a personal-data breach (GDPR Art. 33) and notify each affected
 * tenant's owners, or append an update to one.
 *
 *   node --import tsx functions/src/local/incident.ts record --project herald-eu --file incident.yaml
 *   node --import tsx functions/src/local/incident.ts update --project herald-eu --file update.yaml
 *
 * The file is YAML or JSON (see docs/incidents.md, with every field). Runs with the
 * operator's own Google credentials (`gcloud auth application-default login`), which need
 * Firestore write access on the region's project; against the emulator set FIRESTORE_EMULATOR_HOST.
 * Running the same file again resumes an interrupted run: nothing is recorded or mailed twice.
 */
const argv = process.argv.slice(2);
const { values } = parseArgs({ args: argv, allowPositionals: true, strict: false });
if (typeof values.project !== 'string') {
  console.error(USAGE);
  process.exit(2);
}
const app = initializeApp({ projectId: values.project });
const db = typeof values.database === 'string' ? getFirestore(app, values.database) : getFirestore(app);
db.settings({ ignoreUndefinedProperties: true });
try {
  console.log(describeResult(await runIncidentCommand(argv, { db, now: () => new Date() })));
} catch (err) {
  console.error(err instanceof AppError ? err.message : String(err));
  process.exitCode = 1;
}
