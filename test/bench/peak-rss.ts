import { readFileSync } from 'node:fs';

/**
 * This process's peak resident set size, in bytes: the kernel's high-water mark (VmHWM, Linux) when
 * readable, which catches spikes between samples, else the highest of samples taken every 25 ms.
 * Either way it is this process's own memory since it started, never a child's.
 */
export function trackPeakRss(): { peak(): number; stop(): number } {
  let sampled = process.memoryUsage.rss();
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
  }, 25);
  timer.unref();
  const peak = () => Math.max(sampled, process.memoryUsage.rss(), highWaterMark() ?? 0);
  return {
    peak,
    stop() {
      clearInterval(timer);
      return peak();
    },
  };
}

function highWaterMark(): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
