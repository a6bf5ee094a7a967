import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import type { JobControl } from '../jobs/job-control.js';
import type { PurgePayload } from './purge-schema.js';

/** Placeholder until the privacy engine lands: refuses loudly, deletes nothing. */
export async function runPurge(_deps: Deps, _payload: PurgePayload, _job: JobControl): Promise<void> {
  throw new AppError('unavailable', 'the purge engine is not built yet');
}
