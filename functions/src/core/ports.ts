import type { Readable, Writable } from 'node:stream';
import type { JobName, JobPayload } from './jobs.js';

/** The ports every handler reaches the outside world through (core/deps.ts); adapters in platform/ implement them. */

/**
 * Structured logging through firebase-functions/logger (Cloud Logging in production, JSON lines
 * locally). Callers pass ids and counts only: never an email, a name, a token or a secret.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Stored files (tenant exports), behind a small adapter. Keys mirror Firestore paths
 * (`tenants/{t}/exports/{id}/users.jsonl`), so everything a tenant owns sits under `tenants/{t}/`
 * and tenant deletion is one `deletePrefix`. Production wires a Cloud Storage bucket here
 * (cloud-storage-file-store.ts); local runs and most tests use memory or a directory.
 */
export interface FileStore {
  /** `expireAt`: when the file may be deleted (the bucket's lifecycle rule and the daily sweep do it). */
  write(key: string, data: Buffer | string, contentType: string, options?: { expireAt?: Date }): Promise<void>;
  read(key: string): Promise<{ data: Buffer; contentType: string } | null>;
  /** Deletes every file whose key starts with `prefix`; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  list(prefix: string): Promise<string[]>;
  /** Deletes the files under `prefix` whose `expireAt` is at or before `now`; returns how many. */
  deleteExpired(prefix: string, now: Date): Promise<number>;
  /** Makes the store delete expired files on its own (a bucket lifecycle rule); true when it changed anything. */
  ensureExpiryRule(): Promise<boolean>;
  /**
   * A file written as a stream, with backpressure: the file exists only once the stream has
   * finished (a stream destroyed half-way stores nothing, and a rewrite replaces the file whole).
   */
  openWrite(key: string, contentType: string, options?: { expireAt?: Date }): Promise<Writable>;
  /** A file read as a stream, with its size; null when there is no such file. */
  openRead(key: string): Promise<{ stream: Readable; contentType: string; size: number } | null>;
}

export interface EnqueueOptions {
  /**
   * Deterministic id, unique within the payload's tenant: a second enqueue with the same id is a
   * no-op (idempotency). The queue adds the tenant (platform/task-id.ts): task ids are unique per queue.
   */
  id?: string;
  delaySeconds?: number;
}

/** Background work: Cloud Tasks (via firebase-admin) in production, an in-process queue locally. */
export interface TaskQueue {
  enqueue<K extends JobName>(name: K, payload: JobPayload<K>, options?: EnqueueOptions): Promise<void>;
}
