import { FirestoreMock } from '@firebase-bridge/firestore-admin';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore, type Firestore } from 'firebase-admin/firestore';
import { randomUUID } from 'node:crypto';
import type { Config } from '../core/config.js';
import type { Deps } from '../core/deps.js';
import { runTask } from '../tasks/run-task.js';
import { CloudStorageFileStore } from '../platform/cloud-storage-file-store.js';
import type { FileStore, Logger } from '../core/ports.js';
import { MemoryFileStore } from '../platform/file-store.js';
import { LocalTaskQueue } from '../platform/local-task-queue.js';
import { logger as defaultLogger } from '../platform/logger.js';

export interface LocalDeps extends Deps {
  tasks: LocalTaskQueue;
  files: FileStore;
  /** The in-memory database's controller (absent against the official emulator). */
  memory?: ReturnType<FirestoreMock['createDatabase']>;
  close(): Promise<void>;
}

const mockEnv = new FirestoreMock();

/**
 * Dependencies for the local host and the tests: the real firebase-admin SDK over an in-memory
 * Firestore (or the official emulator when FIRESTORE_EMULATOR_HOST is set), Auth through the
 * firebase-tools emulator (FIREBASE_AUTH_EMULATOR_HOST must be set), an in-process task queue.
 */
export function createLocalDeps(options: {
  config: Config;
  firestoreEmulatorHost?: string;
  /** Against the official emulator: a database of its own (parallel test files stay apart). */
  databaseId?: string;
  log?: Logger;
  now?: () => Date;
  /** Multiplies retry backoff delays; tests use 0. */
  taskTimeScale?: number;
  /** Stored files; default: a Cloud Storage bucket when STORAGE_EMULATOR_HOST points at a local server, else memory. */
  files?: FileStore;
}): LocalDeps {
  const log = options.log ?? defaultLogger;
  const app: App = initializeApp({ projectId: options.config.projectId }, `herald-${randomUUID()}`);
  let db: Firestore;
  let memory: LocalDeps['memory'];
  if (options.firestoreEmulatorHost) {
    db = options.databaseId ? getFirestore(app, options.databaseId) : getFirestore(app);
  } else {
    memory = mockEnv.createDatabase(`${options.config.projectId}-${randomUUID().slice(0, 8)}`, '(default)');
    db = memory.firestore();
  }
  // The host is passed on too, not only read from FIRESTORE_EMULATOR_HOST (which, when set, wins anyway):
  // the sync benchmark points a process at the gRPC-served in-memory database this way.
  db.settings({ ignoreUndefinedProperties: true, ...(options.firestoreEmulatorHost ? { host: options.firestoreEmulatorHost, ssl: false } : {}) });
  const tasks = new LocalTaskQueue({ log, timeScale: options.taskTimeScale ?? 1 });
  let closed = false;
  const deps: LocalDeps = {
    db,
    auth: getAuth(app),
    tasks,
    config: options.config,
    log,
    now: options.now ?? (() => new Date()),
    files:
      options.files ??
      (options.config.storage.apiEndpoint && options.config.storage.bucket
        ? new CloudStorageFileStore({ bucket: options.config.storage.bucket, apiEndpoint: options.config.storage.apiEndpoint, projectId: options.config.projectId })
        : new MemoryFileStore()),
    ...(memory ? { memory } : {}),
    close: async () => {
      if (closed) return;
      closed = true;
      tasks.close();
      await db.terminate().catch(() => {});
      await deleteApp(app).catch(() => {});
      memory?.delete();
    },
  };
  tasks.runner = (name, payload, attempt) => runTask(deps, name, payload, attempt);
  return deps;
}
