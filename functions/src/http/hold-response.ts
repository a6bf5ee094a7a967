import type { Response } from 'express';

/**
 * Holds a response's first byte until `gate` resolves. An audited read whose handler streams a
 * file itself (RAW) would otherwise have sent it before the app wrote the audit entry: a crash in
 * between left a download unrecorded. Held, the entry is written before any byte leaves; if it
 * cannot be written, nothing is sent and the connection is closed. A handler that fails before
 * writing never opens the gate, so a refused read is not recorded as one.
 */
export function holdFirstByte(res: Response, gate: () => Promise<unknown>, onRefused: (err: unknown) => void): void {
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  let open = false;
  let opening: Promise<void> | undefined;
  const whenOpen = (then: () => void) => {
    opening ??= gate().then(() => {
      open = true;
    });
    opening.then(then, (err: unknown) => {
      onRefused(err);
      res.destroy();
    });
  };
  res.write = ((...args: unknown[]) => {
    if (open) return write(...args);
    // Not yet: the caller (a stream pipeline) waits for 'drain', sent once the held chunk is out.
    whenOpen(() => {
      write(...args);
      res.emit('drain');
    });
    return false;
  }) as Response['write'];
  res.end = ((...args: unknown[]) => {
    if (open) return end(...args);
    whenOpen(() => end(...args));
    return res;
  }) as Response['end'];
}
