import type { Auth } from 'firebase-admin/auth';
import type { Firestore } from 'firebase-admin/firestore';
import type { Config } from './config.js';
import type { FileStore, Logger } from './ports.js';
import type { TaskQueue } from './ports.js';

/** Everything a handler needs from the outside world, passed in (never imported) so tests inject fakes. */
export interface Deps {
  db: Firestore;
  auth: Auth;
  tasks: TaskQueue;
  config: Config;
  log: Logger;
  now: () => Date;
  /** Stored files (exports); optional so older wiring keeps compiling: see `fileStore()`. */
  files?: FileStore;
}
