/**
 * How a task-function instance (directory sync, purge, export, Gmail deployment) is sized. The
 * sync benchmark measures peak memory with the heap limits Node derives from this memory.
 */
export const TASK_INSTANCE = { memory: '1GiB' } as const;

/** An instance memory option ('256MiB', '1GiB', …) in MiB. */
export function memoryMiB(option: string): number {
  const m = /^(\d+(?:\.\d+)?)(MiB|GiB)$/.exec(option);
  if (!m) throw new Error(`not a memory option: ${option}`);
  return Number(m[1]) * (m[2] === 'GiB' ? 1024 : 1);
}
