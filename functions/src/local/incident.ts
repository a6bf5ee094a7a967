import { parseArgs } from 'node:util';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { readConfig } from '../core/config.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { REGIONS, type Region } from '../core/regions.js';
import { describeResult, OPTIONS, runIncidentCommand, USAGE } from '../incidents/incident-command.js';
import { CloudTaskQueue } from '../platform/cloud-task-queue.js';
import { logger } from '../platform/logger.js';
import { createLocalDeps } from './local-deps.js';

/**
 * Herald operator's command: record a personal-data breach (GDPR Art. 33) and notify each affected
 * tenant's owners, or append an update to one.
 *
 *   node --import tsx functions/src/local/incident.ts record --project herald-eu --region eu --file incident.yaml
 *   node --import tsx functions/src/local/incident.ts update --project herald-eu --region eu --file update.yaml
 *
 * `record --dry-run` first: it checks the file and prints the tenants by name and the mail they
 * would get, writing and sending nothing (a notice to the wrong customer is itself a disclosure).
 *
 * The file is YAML or JSON (docs/incidents.md lists every field). Runs with the operator's own
 * Google credentials (`gcloud auth application-default login`), which need Firestore write access
 * and Cloud Tasks enqueue rights on the region's project: the owners' mails are queued to the
 * region's `mail.deliver` function. Against the emulators (FIRESTORE_EMULATOR_HOST and
 * FIREBASE_AUTH_EMULATOR_HOST set, a demo-* project) the mails are delivered by this process, as
 * `npm start` delivers them. Running the same file again resumes an interrupted run: nothing is
 * recorded or mailed twice.
 */
const argv = process.argv.slice(2);
// The options take values (undeclared, parseArgs would read `--project x` as a flag and a positional).
const { values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: OPTIONS });
const project = values.project;
const emulator = process.env.FIRESTORE_EMULATOR_HOST;
const region = values.region as Region | undefined;
if (typeof project !== 'string' || (!emulator && !(typeof region === 'string' && region in REGIONS))) {
  console.error(`${USAGE}\n  --region eu|us is required outside the emulator`);
  process.exit(2);
}

let deps: Pick<Deps, 'db' | 'now' | 'tasks'> & Partial<Deps>;
let close = async () => {};
if (emulator) {
  const local = createLocalDeps({ config: readConfig({ ...process.env, GCLOUD_PROJECT: project }), firestoreEmulatorHost: emulator });
  deps = local;
  close = async () => {
    await local.tasks.drain();
    await local.close();
  };
} else {
  // Only what recording needs: Firestore and the region's task queue (the mail outbox enqueues its delivery there).
  const app = initializeApp({ projectId: project });
  const db = typeof values.database === 'string' ? getFirestore(app, values.database) : getFirestore(app);
  db.settings({ ignoreUndefinedProperties: true });
  deps = { db, now: () => new Date(), tasks: new CloudTaskQueue(app, REGIONS[region!].functionRegion), log: logger };
}
try {
  console.log(describeResult(await runIncidentCommand(argv, deps)));
} catch (err) {
  console.error(err instanceof AppError ? err.message : String(err));
  process.exitCode = 1;
} finally {
  await close();
}
