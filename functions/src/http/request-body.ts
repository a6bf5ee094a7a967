import type { NextFunction, Request, RequestHandler, Response } from 'express';
import getRawBody from 'raw-body';
import { AppError } from '../core/errors.js';
import { FRAMEWORK_READ_LIMIT, isIdentityEncoded } from './framework-parsers.js';

/**
 * Request bodies the same way behind Cloud Functions and without it.
 *
 * Cloud Functions (2nd gen, Node) runs every HTTP function behind the functions framework, whose
 * own body parsers run before the app. Guarded by index.ts (http/framework-parsers.ts), they never
 * inflate and read only a body sent as is that declares at most 1 MB, keeping its bytes in
 * `req.rawBody`; any other body reaches the app unread. The apps therefore work from the raw bytes
 * only: `req.rawBody` when the framework set it, else read here, with the route's own limit,
 * stopping as soon as it is crossed (the local host, direct tests, larger bodies). Nothing is ever
 * inflated: a Content-Encoding other than identity is refused (415) before anything is read.
 */
declare module 'http' {
  interface IncomingMessage {
    /** The body's bytes, set by the functions framework (or keepRawBody). */
    rawBody?: Buffer;
  }
}

export const MB = 1024 * 1024;
/** Body limits, on the raw length: a JSON body (what the framework may read first, too), and a directory CSV file. */
export const JSON_BODY_LIMIT = FRAMEWORK_READ_LIMIT;
export const CSV_BODY_LIMIT = 20 * MB;
/** An uploaded image (images/image-rules.ts refuses more than 5 MB in words; this is the hard stop a little above it). */
export const IMAGE_BODY_LIMIT = 6 * MB;

/** The body's bytes, or undefined when the request has none. */
export function rawBodyOf(req: Request): Buffer | undefined {
  return Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;
}

/**
 * Refuses a compressed body (any Content-Encoding other than identity) with 415 before anything
 * reads it: no body is ever inflated, so a few KB can never become hundreds of MB.
 */
export const refuseEncodedBodies: RequestHandler = (req: Request, _res: Response, next: NextFunction) => {
  if (isIdentityEncoded(req)) return next();
  next(new AppError('unsupported_media_type', 'body: send it uncompressed (no Content-Encoding): compressed bodies are not accepted'));
};

/**
 * Refuses a body over `maxBytes` without reading it when its declared length (Content-Length)
 * already says so, or, when the framework has read it, by its raw length.
 */
export function assertBodySize(req: Request, maxBytes: number): void {
  const declared = Number(req.get('content-length'));
  const length = rawBodyOf(req)?.length ?? (Number.isFinite(declared) ? declared : 0);
  if (length > maxBytes) throw tooLarge(maxBytes, length);
}

/**
 * Reads the body's bytes into `req.rawBody` unless the functions framework already did, stopping
 * with 413 as soon as `maxBytes` is crossed (raw-body: never buffering more, and answering at once
 * rather than after the sender has finished; Node discards what still comes). Never inflates.
 */
export async function readRawBody(req: Request, maxBytes: number): Promise<void> {
  assertBodySize(req, maxBytes);
  if (rawBodyOf(req) || !hasBody(req)) return;
  const declared = req.get('content-length');
  try {
    req.rawBody = await getRawBody(req, { limit: maxBytes, ...(declared !== undefined ? { length: declared } : {}) });
  } catch (err) {
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') throw tooLarge(maxBytes);
    if (type === 'request.size.invalid') throw new AppError('invalid_argument', 'body: shorter or longer than its Content-Length');
    throw new AppError('invalid_argument', 'body: the request ended before its body was complete');
  }
}

/** The same, as a middleware (the webhooks). */
export function keepRawBody(maxBytes: number): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    readRawBody(req, maxBytes).then(() => next(), next);
  };
}

/** Whether the request carries a body at all (as type-is decides it for body-parser). */
function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number.parseInt(req.headers['content-length'] ?? '', 10));
}

function tooLarge(maxBytes: number, length?: number): AppError {
  return new AppError('payload_too_large', `body: at most ${formatBytes(maxBytes)}${length === undefined ? '' : ` (this one has ${length} bytes)`}`);
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
