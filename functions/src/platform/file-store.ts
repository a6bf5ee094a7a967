import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
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
    return files.map((f) => f.split(path.sep).join('/')).filter((f) => f.startsWith(prefix) && !f.endsWith('.type') && !f.endsWith('.expire')).sort();
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
  };
}
