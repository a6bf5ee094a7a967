import { Storage, type Bucket, type File } from '@google-cloud/storage';
import type { Readable, Writable } from 'node:stream';
import type { FileStore } from '../core/ports.js';

/** Above this size a write uses a resumable upload (a retry resends from where it stopped); below, one multipart request. */
const RESUMABLE_ABOVE = 5 * 1024 * 1024;
const PAGE = 500;
const PARALLEL_DELETES = 10;

/**
 * Deletes every object once the time in its Custom-Time metadata has passed: each write sets
 * Custom-Time to the file's `expireAt`, so one bucket rule serves every retention the catalog
 * declares. Lifecycle runs about once a day; the daily retention sweep is the exact backstop.
 */
export const EXPIRY_RULE = { action: { type: 'Delete' }, condition: { daysSinceCustomTime: 0 } } as const;

function status(err: unknown): number | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Stored files in a Cloud Storage bucket, through `@google-cloud/storage` (the client
 * `firebase-admin/storage` wraps; used directly so the API endpoint is an explicit option, not the
 * process-wide STORAGE_EMULATOR_HOST, and tests can run several stores in one process).
 */
export class CloudStorageFileStore implements FileStore {
  readonly bucket: Bucket;
  private readonly resumableAbove: number;
  private readonly pageSize: number;

  constructor(
    options: ({ bucket: string; apiEndpoint?: string | null; projectId?: string } | { bucketRef: Bucket }) & { resumableAbove?: number; pageSize?: number },
  ) {
    if ('bucketRef' in options) {
      this.bucket = options.bucketRef;
    } else {
      const storage = new Storage({
        ...(options.projectId ? { projectId: options.projectId } : {}),
        // A local server (tests, emulators) takes no credentials.
        ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint, useAuthWithCustomEndpoint: false } : {}),
      });
      this.bucket = storage.bucket(options.bucket);
    }
    this.resumableAbove = options.resumableAbove ?? RESUMABLE_ABOVE;
    this.pageSize = options.pageSize ?? PAGE;
  }

  async write(key: string, data: Buffer | string, contentType: string, options: { expireAt?: Date } = {}): Promise<void> {
    const body = Buffer.from(data);
    await this.bucket.file(key).save(body, {
      resumable: body.length > this.resumableAbove,
      contentType,
      validation: 'crc32c',
      metadata: { contentType, ...(options.expireAt ? { customTime: options.expireAt.toISOString() } : {}) },
    });
  }

  async read(key: string): Promise<{ data: Buffer; contentType: string } | null> {
    const file = this.bucket.file(key);
    try {
      const [metadata] = await file.getMetadata();
      const [data] = await file.download({ validation: 'crc32c' });
      return { data, contentType: metadata.contentType ?? 'application/octet-stream' };
    } catch (err) {
      if (status(err) === 404) return null;
      throw err;
    }
  }

  /**
   * A resumable upload fed as a stream (its backpressure reaches the caller): the object appears
   * only once the upload completes and its CRC32C matches, so a stream destroyed half-way leaves
   * nothing behind, and a rewrite replaces the object whole.
   */
  async openWrite(key: string, contentType: string, options: { expireAt?: Date } = {}): Promise<Writable> {
    return this.bucket.file(key).createWriteStream({
      resumable: true,
      contentType,
      validation: 'crc32c',
      metadata: { contentType, ...(options.expireAt ? { customTime: options.expireAt.toISOString() } : {}) },
    });
  }

  async openRead(key: string): Promise<{ stream: Readable; contentType: string; size: number } | null> {
    const file = this.bucket.file(key);
    try {
      const [metadata] = await file.getMetadata();
      // Pinned to the generation just described: a rewrite in between cannot mix two versions.
      const stream = this.bucket.file(key, { generation: metadata.generation! }).createReadStream({ validation: 'crc32c' });
      return { stream, contentType: metadata.contentType ?? 'application/octet-stream', size: Number(metadata.size ?? 0) };
    } catch (err) {
      if (status(err) === 404) return null;
      throw err;
    }
  }

  /** Every object under `prefix`, page by page (the listing is never held whole). */
  private async *objects(prefix: string): AsyncGenerator<File[]> {
    let pageToken: string | undefined;
    do {
      const [files, next] = await this.bucket.getFiles({ prefix, autoPaginate: false, maxResults: this.pageSize, ...(pageToken ? { pageToken } : {}) });
      yield files;
      pageToken = (next as { pageToken?: string } | null)?.pageToken;
    } while (pageToken);
  }

  async list(prefix: string): Promise<string[]> {
    const names: string[] = [];
    for await (const page of this.objects(prefix)) names.push(...page.map((f) => f.name));
    return names.sort();
  }

  private async deleteAll(files: File[]): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < files.length; i += PARALLEL_DELETES) {
      // A file already gone (a retried purge, the lifecycle rule) counts as not deleted by us, not as a failure.
      const results = await Promise.all(
        files.slice(i, i + PARALLEL_DELETES).map((f) =>
          f.delete().then(
            () => true,
            (err: unknown) => (status(err) === 404 ? false : Promise.reject(err)),
          ),
        ),
      );
      deleted += results.filter(Boolean).length;
    }
    return deleted;
  }

  async deletePrefix(prefix: string): Promise<number> {
    // Listing and deleting page by page: a failure stops here and the caller's retry resumes.
    let deleted = 0;
    for await (const page of this.objects(prefix)) deleted += await this.deleteAll(page);
    return deleted;
  }

  async deleteExpired(prefix: string, now: Date): Promise<number> {
    let deleted = 0;
    for await (const page of this.objects(prefix)) {
      const expired = page.filter((f) => f.metadata.customTime && new Date(f.metadata.customTime) <= now);
      deleted += await this.deleteAll(expired);
    }
    return deleted;
  }

  async ensureExpiryRule(): Promise<boolean> {
    const [metadata] = await this.bucket.getMetadata();
    const rules = metadata.lifecycle?.rule ?? [];
    const present = rules.some((r) => r.action?.type === EXPIRY_RULE.action.type && r.condition?.daysSinceCustomTime === 0 && Object.keys(r.condition).length === 1);
    if (present) return false;
    // Appends (never replaces) so rules set by an operator stay; the metageneration precondition refuses a concurrent change.
    await this.bucket.setMetadata(
      { lifecycle: { rule: [...rules, { action: { ...EXPIRY_RULE.action }, condition: { ...EXPIRY_RULE.condition } }] } },
      { ifMetagenerationMatch: Number(metadata.metageneration) },
    );
    return true;
  }
}
