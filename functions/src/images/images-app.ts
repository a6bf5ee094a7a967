import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../core/deps.js';
import { fileStore } from '../platform/file-store.js';
import { HOSTED_TYPES } from './image-rules.js';
import { imageKey, parseImagePath } from './image-store.js';

/** A year: the name is the content's hash, so the bytes behind an address never change. */
export const IMAGE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export type ImagesDeps = Pick<Deps, 'files' | 'log'>;

/**
 * Hosted images, public: `GET /img/<tenant>/<sha256-prefix>.<png|jpg|gif>` answers the stored bytes
 * with a year of caching (Firebase Hosting's CDN keeps them, so the function runs about once per
 * image and edge), the type from the extension (the only types ever stored), nosniff, and a policy
 * that runs nothing even if opened as a page. Anything else is 404 and never cached.
 */
export function createImagesApp(deps: ImagesDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void serve(deps, req, res).catch((err: unknown) => {
      deps.log.error('image serve failed', { error: err instanceof Error ? err.name : 'unknown' });
      if (!res.headersSent) end(res, 503, 'no-store');
      else res.destroy();
    });
  };
}

function end(res: ServerResponse, status: number, cache: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Cache-Control': cache, 'X-Content-Type-Options': 'nosniff', 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(status === 404 ? 'Not found' : status === 405 ? 'Method not allowed' : '');
}

async function serve(deps: ImagesDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return end(res, 405, 'no-store', { Allow: 'GET, HEAD' });
  const image = parseImagePath(new URL(req.url ?? '/', 'http://x').pathname);
  const file = image ? await fileStore(deps).read(imageKey(image.tenantId, image.name)) : null;
  if (!image || !file) return end(res, 404, 'no-store');
  const etag = `"${image.name.slice(0, 32)}"`;
  const headers = {
    'Content-Type': HOSTED_TYPES[image.type].contentType,
    'Cache-Control': IMAGE_CACHE_CONTROL,
    ETag: etag,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(file.data.length) });
  res.end(req.method === 'HEAD' ? undefined : file.data);
}
