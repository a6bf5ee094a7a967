import { Cron } from 'croner';
import { schedules, type ScheduleName } from '../tasks/schedules.js';

/**
 * Cloud Scheduler for the emulator stack. A 2nd-gen `onSchedule` function is an HTTP function that
 * Cloud Scheduler POSTs to on its cron (firebase-functions' v2/providers/scheduler reads the
 * X-CloudScheduler-* headers). firebase-tools' Functions emulator loads such a function only when
 * its Pub/Sub emulator runs, but never fires it: it has no Cloud Scheduler, and a message published
 * to the `firebase-schedule-…` topic it creates is acknowledged unrun ("Unsupported trigger
 * signature: http" in its debug log; firebase/firebase-tools#2034). So this POSTs as Cloud Scheduler
 * would, to the function's emulator URL, on the schedule catalog's cron and time zone.
 */

/** The Cloud Functions id of a schedule: index.ts exports them grouped under `scheduled`. */
export const scheduledFunctionId = (name: ScheduleName) => `scheduled-${name}`;

/**
 * The Functions emulator keeps an event-triggered function (a schedule is one, for it) under
 * `<region>-<id>-<generation>`, the generation counting its reloads of functions/lib; its HTTP route
 * `/<project>/<region>/<id>-<generation>` reaches the function. Its 404 lists the keys it has
 * ("Function … does not exist, valid functions are: a, b"): this finds the schedule's among them.
 */
export function scheduleTriggerKey(notFound: string, region: string, id: string): string | null {
  const list = /valid functions are: (.*)$/s.exec(notFound)?.[1] ?? '';
  const pattern = new RegExp(`^${region}-${id}-\\d+$`);
  return list.split(', ').map((k) => k.trim()).find((k) => pattern.test(k)) ?? null;
}

/** The generation each emulator's schedules were last found under (0 until it reloads). */
const generations = new Map<string, number>();

/** Runs one schedule now, as Cloud Scheduler does; resolves when the function answered 2xx. */
export async function invokeSchedule(functionsUrl: string, region: string, name: ScheduleName, scheduleTime: Date = new Date()): Promise<void> {
  const id = scheduledFunctionId(name);
  const post = (generation: number) =>
    fetch(`${functionsUrl}/${id}-${generation}`, {
      method: 'POST',
      headers: {
        'x-cloudscheduler': 'true',
        // The job name firebase-tools gives the Cloud Scheduler job it deploys for the function.
        'x-cloudscheduler-jobname': `firebase-schedule-${id}-${region}`,
        'x-cloudscheduler-scheduletime': scheduleTime.toISOString(),
      },
    });
  let res = await post(generations.get(functionsUrl) ?? 0);
  if (res.status === 404) {
    const key = scheduleTriggerKey(await res.text(), region, id);
    if (!key) throw new Error(`scheduled function ${id} is not loaded in the Functions emulator (it needs the Pub/Sub emulator running)`);
    const generation = Number(key.slice(key.lastIndexOf('-') + 1));
    generations.set(functionsUrl, generation);
    res = await post(generation);
  }
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`scheduled function ${id} answered ${res.status}`);
}

/** Fires every schedule on its cron until stopped; a failed run is reported, the next one still fires. */
export function startCloudSchedulerStandIn(options: { functionsUrl: string; region: string; onError: (name: ScheduleName, err: unknown) => void }): { stop(): void } {
  const crons = (Object.keys(schedules) as ScheduleName[]).map(
    (name) =>
      new Cron(schedules[name].schedule, { timezone: schedules[name].timeZone, protect: true }, (self: Cron) =>
        invokeSchedule(options.functionsUrl, options.region, name, self.currentRun() ?? new Date()).catch((err: unknown) => options.onError(name, err)),
      ),
  );
  return { stop: () => crons.forEach((c) => c.stop()) };
}
