import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { onSchedule, type ScheduledEvent } from 'firebase-functions/v2/scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeSchedule, scheduledFunctionId, scheduleTriggerKey } from '../../functions/src/local/cloud-scheduler-stand-in.js';
import { schedules } from '../../functions/src/tasks/schedules.js';

/**
 * The emulator stack's Cloud Scheduler stand-in calls a scheduled function the way Cloud Scheduler
 * does: checked against firebase-functions' own `onSchedule` wrapper, the code that runs in the
 * Functions emulator and in production, served over HTTP like the emulator serves it.
 */
const received: ScheduledEvent[] = [];
let fail = false;
let server: Server;
let functionsUrl: string;

beforeAll(async () => {
  const app = express();
  const fn = onSchedule({ schedule: schedules.retentionDaily.schedule, timeZone: schedules.retentionDaily.timeZone }, async (event) => {
    if (fail) throw new Error('the scheduled work failed');
    received.push(event);
  });
  // As the Functions emulator serves it: `<id>-<generation>`, here after one reload.
  app.post(`/demo-herald/europe-west1/${scheduledFunctionId('retentionDaily')}-1`, (req, res) => void fn(Object.assign(req, { rawBody: Buffer.alloc(0) }), res));
  // Its 404 lists the functions it has (firebase-tools' functionsEmulator.js handleHttpsTrigger).
  app.post('/demo-herald/europe-west1/:other', (req, res) => {
    res.status(404).send(`Function europe-west1-${req.params.other} does not exist, valid functions are: europe-west1-api, europe-west1-scheduled-retentionDaily-1`);
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  functionsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/demo-herald/europe-west1`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('Cloud Scheduler stand-in (the emulator stack)', () => {
  it('runs the onSchedule handler with the job name firebase deploys and the due time, under the generation the emulator lists', async () => {
    const due = new Date('2026-03-01T02:15:00.000Z');
    await invokeSchedule(functionsUrl, 'europe-west1', 'retentionDaily', due);
    expect(received).toEqual([expect.objectContaining({ jobName: 'firebase-schedule-scheduled-retentionDaily-europe-west1', scheduleTime: due.toISOString() })]);
  });

  it('rejects, naming the function, when the scheduled work fails or the emulator has not loaded it', async () => {
    fail = true;
    await expect(invokeSchedule(functionsUrl, 'europe-west1', 'retentionDaily')).rejects.toThrow('scheduled function scheduled-retentionDaily answered 500');
    fail = false;
    await expect(invokeSchedule(functionsUrl, 'europe-west1', 'directorySyncDaily')).rejects.toThrow('scheduled function scheduled-directorySyncDaily is not loaded in the Functions emulator');
  });

  it("finds a schedule's key in the emulator's list, never another schedule's or region's", () => {
    const notFound = 'Function europe-west1-x does not exist, valid functions are: europe-west1-api, us-central1-scheduled-retentionDaily-0, europe-west1-scheduled-retentionDailyX-0, europe-west1-scheduled-retentionDaily-12';
    expect(scheduleTriggerKey(notFound, 'europe-west1', 'scheduled-retentionDaily')).toBe('europe-west1-scheduled-retentionDaily-12');
    expect(scheduleTriggerKey(notFound, 'europe-west1', 'scheduled-signaturesDaily')).toBeNull();
    expect(scheduleTriggerKey('Not Found', 'europe-west1', 'scheduled-retentionDaily')).toBeNull();
  });
});
