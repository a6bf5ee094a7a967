import { describe, expect, it } from 'vitest';
import { TASK_INSTANCE, memoryMiB } from '../../functions/src/tasks/task-instance.js';
import { LINKS_INSTANCE } from '../../functions/src/links/links-instance.js';

describe('instance sizes', () => {
  it('reads memory options in MiB and refuses anything else', () => {
    expect(memoryMiB('256MiB')).toBe(256);
    expect(memoryMiB('1GiB')).toBe(1024);
    expect(memoryMiB(TASK_INSTANCE.memory)).toBe(1024);
    expect(memoryMiB(LINKS_INSTANCE.memory)).toBe(256);
    expect(() => memoryMiB('1GB')).toThrow(/not a memory option: 1GB/);
  });
});
