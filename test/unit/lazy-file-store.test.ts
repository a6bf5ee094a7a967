import { describe, expect, it } from 'vitest';
import { lazyFileStore, MemoryFileStore } from '../../functions/src/platform/file-store.js';

describe('lazyFileStore', () => {
  it('builds the store on first use, once, and hands every call to it', async () => {
    const inner = new MemoryFileStore();
    let loads = 0;
    const store = lazyFileStore(async () => {
      loads++;
      return inner;
    });
    expect(loads).toBe(0);
    await Promise.all([store.write('tenants/t1/exports/e1/users.jsonl', '{"a":1}\n', 'application/x-ndjson'), store.list('tenants/t1/')]);
    expect(await store.list('tenants/t1/')).toEqual(['tenants/t1/exports/e1/users.jsonl']);
    expect((await store.read('tenants/t1/exports/e1/users.jsonl'))?.data.toString()).toBe('{"a":1}\n');
    expect(await store.deletePrefix('tenants/t1/')).toBe(1);
    expect(inner.files.size).toBe(0);
    expect(loads).toBe(1);
  });

  it('tries the load again after it failed, instead of keeping the failure', async () => {
    let attempt = 0;
    const store = lazyFileStore(async () => {
      attempt++;
      if (attempt === 1) throw new Error('bucket client could not load');
      return new MemoryFileStore();
    });
    await expect(store.list('tenants/')).rejects.toThrow('bucket client could not load');
    await expect(store.list('tenants/')).resolves.toEqual([]);
    expect(attempt).toBe(2);
  });
});
