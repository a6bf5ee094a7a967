import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Stored files (tenant exports), behind a small adapter. Keys mirror Firestore paths
 * (`tenants/{t}/exports/{id}/users.jsonl`), so everything a tenant owns sits under `tenants/{t}/`
 * and tenant deletion is one `deletePrefix`. Production wires a Cloud Storage bucket here (not
 * installed yet: see docs/privacy.md); local runs and tests use memory or a directory.
 */
export interface FileStore {
  write(key: string, data: Buffer | string, contentType: string): Promise<void>;
  read(key: string): Promise<{ data: Buffer; contentType: string } | null>;
  /** Deletes every file whose key starts with `prefix`; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  list(prefix: string): Promise<string[]>;
}

export class MemoryFileStore implements FileStore {
  readonly files = new Map<string, { data: Buffer; contentType: string }>();
  async write(key: string, data: Buffer | string, contentType: string) {
    this.files.set(key, { data: Buffer.from(data), contentType });
  }
  async read(key: string) {
    return this.files.get(key) ?? null;
  }
  async deletePrefix(prefix: string) {
    let n = 0;
    for (const key of [...this.files.keys()]) if (key.startsWith(prefix) && this.files.delete(key)) n++;
    return n;
  }
  async list(prefix: string) {
    return [...this.files.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}

/** Files under a local directory (the local host with HERALD_PERSIST). */
export class DirectoryFileStore implements FileStore {
  constructor(private readonly root: string) {}
  private file(key: string) {
    if (key.split('/').some((s) => s === '..' || s === '')) throw new Error('invalid file key');
    return path.join(this.root, key);
  }
  async write(key: string, data: Buffer | string, contentType: string) {
    await mkdir(path.dirname(this.file(key)), { recursive: true });
    await writeFile(this.file(key), data);
    await writeFile(this.file(key) + '.type', contentType);
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
    return files.map((f) => f.split(path.sep).join('/')).filter((f) => f.startsWith(prefix) && !f.endsWith('.type')).sort();
  }
  async deletePrefix(prefix: string) {
    const keys = await this.list(prefix);
    for (const key of keys) await rm(this.file(key), { force: true }).then(() => rm(this.file(key) + '.type', { force: true }));
    return keys.length;
  }
}

/** Production until a storage bucket adapter is installed: refuses clearly instead of losing data. */
export const unconfiguredFileStore: FileStore = {
  write: async () => {
    throw new Error('no file storage is configured in this deployment');
  },
  read: async () => null,
  deletePrefix: async () => 0,
  list: async () => [],
};

/** The deployment's file store. */
export function fileStore(deps: { files?: FileStore }): FileStore {
  return deps.files ?? unconfiguredFileStore;
}
