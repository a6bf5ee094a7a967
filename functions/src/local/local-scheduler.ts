import { Cron } from 'croner';
import type { Deps } from '../core/deps.js';
import { schedules, type ScheduleName } from '../tasks/schedules.js';

/** Runs the schedule catalog in-process with the same cron expressions as Cloud Scheduler. */
export function startLocalScheduler(deps: Deps): { stop(): void; runNow(name: ScheduleName): Promise<void> } {
  const runNow = async (name: ScheduleName) => (await schedules[name].load())(deps);
  const crons = (Object.keys(schedules) as ScheduleName[]).map(
    (name) =>
      new Cron(schedules[name].schedule, { timezone: schedules[name].timeZone, protect: true }, () =>
        runNow(name).catch((err: unknown) => deps.log.error('scheduled run failed', { schedule: name, error: err instanceof Error ? err.name : 'unknown' })),
      ),
  );
  return { stop: () => crons.forEach((c) => c.stop()), runNow };
}
