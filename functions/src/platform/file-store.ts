import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FileStore } from '../core/ports.js';

export class MemoryFileStore implements FileStore {
  readonly files = new Map<string, { data: Buffer; contentType: string; expireAt?: Date }>();
  async write(key: string, data: Buffer | string, contentType: string, options: { expireAt?: Date } = {}) {
    this.files.set(key, { data: Buffer.from(data), contentType, ...(options.expireAt ? { expireAt: options.expireAt } : {}) });
  }
  async read(key: string) {
    const file = this.files.get(key);
    return file ? { data: file.data, contentType: file.contentType } : null;
  }
  async deletePrefix(prefix: string) {
    let n = 0;
    for (const key of [...this.files.keys()]) if (key.startsWith(prefix) && this.files.delete(key)) n++;
    return n;
  }
  async list(prefix: string) {
    return [...this.files.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
  async deleteExpired(prefix: string, now: Date) {
    let n = 0;
    for (const [key, file] of [...this.files]) if (key.startsWith(prefix) && file.expireAt && file.expireAt <= now && this.files.delete(key)) n++;
    return n;
  }
  async ensureExpiryRule() {
    return false;
  }
  async openWrite(key: string, contentType: string, options: { expireAt?: Date } = {}): Promise<Writable> {
    const chunks: Buffer[] = [];
    return new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        chunks.push(chunk);
        cb();
      },
      // Stored only once the stream ends: a stream destroyed half-way leaves no file.
      final: (cb) => void this.write(key, Buffer.concat(chunks), contentType, options).then(() => cb(), cb),
    });
  }
  async openRead(key: string) {
    const file = this.files.get(key);
    return file ? { stream: Readable.from([file.data]), contentType: file.contentType, size: file.data.length } : null;
  }
}

/**
 * A writable that forwards to `target` (with its backpressure) and, once `target` has finished,
 * runs `commit` before it finishes itself; destroying it destroys `target`.
 */
export function forwardingWritable(target: Writable, commit: () => Promise<void>): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (target.write(chunk)) cb();
      else target.once('drain', () => cb());
    },
    final(cb) {
      target.end();
      finished(target).then(commit).then(() => cb(), cb);
    },
    destroy(err, cb) {
      target.destroy(err ?? undefined);
      cb(err);
    },
  });
}

/** Files under a local directory (the local host with HERALD_PERSIST). */
export class DirectoryFileStore implements FileStore {
  constructor(private readonly root: string) {}
  private file(key: string) {
    if (key.split('/').some((s) => s === '..' || s === '')) throw new Error('invalid file key');
    return path.join(this.root, key);
  }
  async write(key: string, data: Buffer | string, contentType: string, options: { expireAt?: Date } = {}) {
    await mkdir(path.dirname(this.file(key)), { recursive: true });
    await writeFile(this.file(key), data);
    await writeFile(this.file(key) + '.type', contentType);
    if (options.expireAt) await writeFile(this.file(key) + '.expire', options.expireAt.toISOString());
    else await rm(this.file(key) + '.expire', { force: true });
  }
  async read(key: string) {
    try {
      return { data: await readFile(this.file(key)), contentType: await readFile(this.file(key) + '.type', 'utf8') };
    } catch {
      return null;
    }
  }
  async list(prefix: string) {
    const files = await readdir(this.root, { recursive: true }).catch(() => [] as string[]);
    return files.map((f) => f.split(path.sep).join('/')).filter((f) => f.startsWith(prefix) && !f.endsWith('.type') && !f.endsWith('.expire') && !f.endsWith('.partial')).sort();
  }
  async deleteExpired(prefix: string, now: Date) {
    let n = 0;
    for (const key of await this.list(prefix)) {
      const expireAt = await readFile(this.file(key) + '.expire', 'utf8').catch(() => null);
      if (expireAt && new Date(expireAt) <= now) n += await this.deletePrefix(key);
    }
    return n;
  }
  async ensureExpiryRule() {
    return false;
  }
  async openWrite(key: string, contentType: string, options: { expireAt?: Date } = {}): Promise<Writable> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Written beside, renamed into place once whole: a reader never sees half a file.
    const partial = `${file}.partial`;
    return forwardingWritable(createWriteStream(partial), async () => {
      await rename(partial, file);
      await writeFile(file + '.type', contentType);
      if (options.expireAt) await writeFile(file + '.expire', options.expireAt.toISOString());
      else await rm(file + '.expire', { force: true });
    });
  }
  async openRead(key: string) {
    const file = this.file(key);
    const size = await stat(file).then((s) => s.size, () => null);
    if (size === null) return null;
    return { stream: createReadStream(file), contentType: await readFile(file + '.type', 'utf8').catch(() => 'application/octet-stream'), size };
  }
  async deletePrefix(prefix: string) {
    const keys = await this.list(prefix);
    for (const key of keys) for (const suffix of ['', '.type', '.expire']) await rm(this.file(key) + suffix, { force: true });
    return keys.length;
  }
}

/** A deployment without a bucket (STORAGE_BUCKET unset and no default Firebase bucket): refuses clearly instead of losing data. */
export const unconfiguredFileStore: FileStore = {
  write: async () => {
    throw new Error('no file storage is configured in this deployment (set the STORAGE_BUCKET param)');
  },
  read: async () => null,
  deletePrefix: async () => 0,
  list: async () => [],
  deleteExpired: async () => 0,
  ensureExpiryRule: async () => false,
  openWrite: async () => {
    throw new Error('no file storage is configured in this deployment (set the STORAGE_BUCKET param)');
  },
  openRead: async () => null,
};

/** The deployment's file store. */
export function fileStore(deps: { files?: FileStore }): FileStore {
  return deps.files ?? unconfiguredFileStore;
}

/**
 * A store built on first use: the Cloud Storage client (and google-gax behind it) loads only in
 * the functions that touch files, not with every cold start of the API.
 */
export function lazyFileStore(load: () => Promise<FileStore>): FileStore {
  let store: Promise<FileStore> | undefined;
  const get = () => (store ??= load().catch((err: unknown) => {
    store = undefined;
    throw err;
  }));
  return {
    write: async (key, data, contentType, options) => (await get()).write(key, data, contentType, options),
    read: async (key) => (await get()).read(key),
    deletePrefix: async (prefix) => (await get()).deletePrefix(prefix),
    list: async (prefix) => (await get()).list(prefix),
    deleteExpired: async (prefix, now) => (await get()).deleteExpired(prefix, now),
    ensureExpiryRule: async () => (await get()).ensureExpiryRule(),
    openWrite: async (key, contentType, options) => (await get()).openWrite(key, contentType, options),
    openRead: async (key) => (await get()).openRead(key),
  };
}
