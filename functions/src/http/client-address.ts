import type { IncomingMessage } from 'node:http';

/**
 * The client's network address as Google's front ends saw it: the last two X-Forwarded-For entries
 * (the client as Firebase Hosting saw it, and Hosting as the function's front end saw it), then the
 * socket's peer. Entries a client writes itself stand to their left and are ignored, so sending a
 * different X-Forwarded-For on each click does not make a new client.
 *
 * The one place a client's address is derived (click repeats, the locator's rate limit). A request
 * sent straight to the function's own URL, not through Hosting, has one entry fewer: its last two
 * then include one the client wrote (docs/tracking.md).
 */
export function clientAddress(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
  return [...chain.slice(-2), req.socket.remoteAddress ?? ''].join(' ');
}
