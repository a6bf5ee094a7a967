import type { ChildProcess } from 'node:child_process';

/**
 * Stops a detached child and its whole process group: `signal` first (SIGINT lets firebase-tools
 * export on exit; the Java emulator takes SIGTERM), SIGKILL after `graceMs` if it hangs.
 */
export function stopProcessGroup(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
        return true;
      } catch {
        return false; // already gone
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (!kill(signal)) {
      clearTimeout(timer);
      resolve();
    }
  });
}
