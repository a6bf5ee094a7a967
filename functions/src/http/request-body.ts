import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { AppError } from '../core/errors.js';

/**
 * Request bodies the same way behind Cloud Functions and without it.
 *
 * Cloud Functions (2nd gen, Node) runs every HTTP function behind the functions framework, whose
 * own body parsers (json, text, urlencoded, then raw for any other type, limit far above the
 * 32 MB the front end accepts) read the whole body before the app sees the request and keep its
 * bytes in `req.rawBody`. The stream is then consumed: an app's own `express.json/text/raw` skip,
 * so they neither parse nor enforce their limits. The apps therefore work from the raw bytes only:
 * `req.rawBody` when the framework set it, else read here (the local host, direct tests). Limits
 * apply to the raw length, before authentication; parsing comes after.
 */
declare module 'http' {
  interface IncomingMessage {
    /** The body's bytes, set by the functions framework (or keepRawBody). */
    rawBody?: Buffer;
  }
}

export const MB = 1024 * 1024;

/** The body's bytes, or undefined when the request has none. */
export function rawBodyOf(req: Request): Buffer | undefined {
  return Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;
}

/**
 * Reads the body's bytes into `req.rawBody` (inflating gzip like the framework) unless the
 * functions framework already did, refusing more than `maxBytes` while reading. Parses nothing.
 */
export function keepRawBody(maxBytes: number): RequestHandler {
  const read = express.raw({ type: () => true, limit: maxBytes });
  return (req: Request, res: Response, next: NextFunction) => {
    if (rawBodyOf(req)) return next();
    read(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (Buffer.isBuffer(req.body)) req.rawBody = req.body;
      req.body = undefined;
      next();
    });
  };
}

/** Refuses a body longer than `maxBytes`, on its raw length: call it before authenticating. */
export function assertBodySize(req: Request, maxBytes: number): void {
  const raw = rawBodyOf(req);
  if (raw && raw.length > maxBytes) throw new AppError('payload_too_large', `body: at most ${formatBytes(maxBytes)} (this one has ${raw.length} bytes)`);
}

/** The body as UTF-8 text (a BOM dropped); a declared charset other than UTF-8 is refused. */
export function bodyText(req: Request): string {
  assertUtf8Charset(req);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(rawBodyOf(req) ?? new Uint8Array());
  } catch {
    throw new AppError('invalid_argument', 'body: not valid UTF-8');
  }
}

/** The JSON body parsed from the raw bytes (undefined when there is none). */
export function jsonBody(req: Request): unknown {
  if (!rawBodyOf(req)?.length) return undefined;
  try {
    return JSON.parse(bodyText(req));
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('invalid_argument', 'body: not valid JSON');
  }
}

/** The body's bytes for a parser that reads buffers itself (CSV), after the same charset check. */
export function bodyBytes(req: Request): Buffer {
  assertUtf8Charset(req);
  return rawBodyOf(req) ?? Buffer.alloc(0);
}

function assertUtf8Charset(req: Request): void {
  const charset = /;\s*charset="?([^";\s]+)"?/i.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') throw new AppError('unsupported_media_type', `body: send UTF-8 (charset=${charset} is not supported)`);
}

function formatBytes(n: number): string {
  return n >= MB ? `${+(n / MB).toFixed(1)} MB` : `${+(n / 1024).toFixed(1)} KB`;
}
