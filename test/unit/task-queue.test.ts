import { describe, expect, it } from 'vitest';
import { backoffSeconds, jobExportName, jobFunctionName, JOB_NAMES, jobSpecs } from '../../functions/src/core/jobs.js';
import { LocalTaskQueue } from '../../functions/src/platform/local-task-queue.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';

describe('backoffSeconds (Cloud Tasks semantics)', () => {
  const policy = { maxAttempts: 10, minBackoffSeconds: 10, maxBackoffSeconds: 300, maxDoublings: 3 };
  it('doubles maxDoublings times, then grows linearly, capped', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((r) => backoffSeconds(policy, r))).toEqual([10, 20, 40, 80, 160, 240, 300]);
  });
});

describe('the job catalog', () => {
  it('names a deployable function per job', () => {
    expect(jobExportName('retention.sweep')).toBe('retentionSweep');
    expect(jobFunctionName('privacy.purge')).toBe('tasks-privacyPurge');
    const names = JOB_NAMES.map(jobExportName);
    expect(new Set(names).size).toBe(names.length);
    for (const name of JOB_NAMES) expect(jobSpecs[name].retry.maxAttempts).toBeGreaterThan(0);
  });
});

describe('LocalTaskQueue', () => {
  it('winds down for a stop: finishes what is due now, leaves a retry waiting out its backoff behind', async () => {
    const queue = new LocalTaskQueue({ log: memoryLogger() });
    const ran: string[] = [];
    queue.runner = async (name, payload, attempt) => {
      ran.push(`${name}#${attempt}`);
      // A mail server that refuses: the retry waits 30 s (mail.deliver's backoff); the sweep enqueues a follow-up at once.
      if (name === 'mail.deliver') throw new Error('421 try later');
      if ((payload as { tenantId: string }).tenantId === 'acme') await queue.enqueue('retention.sweep', { tenantId: 'initech' });
    };
    await queue.enqueue('mail.deliver', { tenantId: 'acme', mailId: 'a'.repeat(40) });
    await queue.enqueue('retention.sweep', { tenantId: 'acme' });
    await new Promise((r) => setTimeout(r, 20));
    await queue.windDown();
    expect(ran).toEqual(['mail.deliver#1', 'retention.sweep#1', 'retention.sweep#1']);
    // A retry enqueued while winding down is not waited for either.
    await queue.enqueue('mail.deliver', { tenantId: 'initech', mailId: 'b'.repeat(40) });
    await queue.windDown();
    expect(ran.filter((r) => r.startsWith('mail.deliver'))).toEqual(['mail.deliver#1', 'mail.deliver#1']);
    queue.close();
  });

  it('retries a failing task per the job policy, then dead-letters it', async () => {
    const log = memoryLogger();
    const queue = new LocalTaskQueue({ log, timeScale: 0 });
    const attempts: number[] = [];
    queue.runner = async (_name, _payload, attempt) => {
      attempts.push(attempt);
      throw new Error('boom');
    };
    await queue.enqueue('retention.sweep', { tenantId: 'acme' });
    await queue.drain();
    expect(attempts).toEqual([1, 2, 3, 4, 5]);
    expect(queue.deadLetters).toHaveLength(1);
  });

  it('runs a task id once, and validates payloads on enqueue', async () => {
    const queue = new LocalTaskQueue({ log: memoryLogger(), timeScale: 0 });
    let runs = 0;
    queue.runner = async () => {
      runs++;
    };
    await queue.enqueue('retention.sweep', { tenantId: 'acme' }, { id: 'same' });
    await queue.enqueue('retention.sweep', { tenantId: 'acme' }, { id: 'same' });
    await queue.drain();
    expect(runs).toBe(1);
    await expect(queue.enqueue('retention.sweep', { tenantId: 'a/b' })).rejects.toThrow(/tenantId/);
  });
});
