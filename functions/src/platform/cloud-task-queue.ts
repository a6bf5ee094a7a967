import type { App } from 'firebase-admin/app';
import { jobFunctionName, jobSpecs, type JobName, type JobPayload } from '../core/jobs.js';
import { taskId } from './task-id.js';
import type { EnqueueOptions, TaskQueue } from '../core/ports.js';

/**
 * Cloud Tasks through firebase-admin's task queue API: the queue of each job is the
 * `onTaskDispatched` function that index.ts creates from the job catalog.
 */
export class CloudTaskQueue implements TaskQueue {
  constructor(
    private readonly app: App,
    private readonly functionRegion: string,
  ) {}

  async enqueue<K extends JobName>(name: K, payload: JobPayload<K>, options: EnqueueOptions = {}): Promise<void> {
    // firebase-admin's functions client is loaded by the first enqueue, not with every cold start.
    const { getFunctions } = await import('firebase-admin/functions');
    const queue = getFunctions(this.app).taskQueue(`locations/${this.functionRegion}/functions/${jobFunctionName(name)}`);
    try {
      await queue.enqueue(payload as Record<string, unknown>, {
        ...(options.id ? { id: taskId(payload.tenantId, options.id) } : {}),
        ...(options.delaySeconds ? { scheduleDelaySeconds: options.delaySeconds } : {}),
        // Cloud Tasks waits 10 minutes by default, then retries while the first delivery still runs:
        // wait as long as the function may run, so a retry means the earlier delivery is over.
        dispatchDeadlineSeconds: Math.min(1800, Math.max(15, jobSpecs[name].timeoutSeconds)),
      });
    } catch (err) {
      // A task with the same id already exists: this enqueue is a retry of one that succeeded.
      if ((err as { code?: string }).code === 'functions/task-already-exists') return;
      throw err;
    }
  }
}
