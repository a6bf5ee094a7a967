import type { ErrorRequestHandler } from 'express';
import { AppError, errorBody } from '../core/errors.js';
import type { Logger } from '../core/ports.js';
import { retryAfterSecondsOf } from './rate-limit.js';

export interface ErrorHandlerOptions {
  log: Logger;
  /** The log message of a 5xx answer, e.g. 'api error'. */
  label: string;
  /** The message of an unexpected error (500). */
  internalMessage?: string;
  /** The message of a body over the app's own parser limit (413). */
  tooLargeMessage?: string;
  /** Headers set on every error answer, over any the failed handler had set (e.g. a cache policy). */
  headers?: Record<string, string>;
}

/**
 * The error middleware of every express app: the error as an AppError (body-parser's errors by
 * their type, anything unknown `internal`), answered `{ error: { code, message } }`. A 5xx is
 * logged with its code, the method, the matched route pattern and the error's name: never the
 * path, the body or the message, which may carry personal data.
 */
export function errorHandler(options: ErrorHandlerOptions): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    const appError = toAppError(err, options);
    if (appError.status >= 500) {
      options.log.error(options.label, { code: appError.code, method: req.method, route: req.route?.path ?? 'unmatched', error: err instanceof Error ? err.name : 'unknown' });
    }
    if (res.headersSent) return next(err);
    if (options.headers) res.set(options.headers);
    const retryAfter = retryAfterSecondsOf(err);
    if (retryAfter !== undefined) res.set('Retry-After', String(retryAfter));
    res.status(appError.status).json(errorBody(appError));
  };
}

function toAppError(err: unknown, { internalMessage = 'something went wrong on our side', tooLargeMessage = 'body: too large' }: ErrorHandlerOptions): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number } | undefined;
  if (e?.type === 'entity.parse.failed') return new AppError('invalid_argument', 'body: not valid JSON');
  if (e?.type === 'entity.too.large') return new AppError('payload_too_large', tooLargeMessage);
  if (e?.status === 415 || e?.type === 'charset.unsupported') return new AppError('unsupported_media_type', 'body: unsupported encoding');
  return new AppError('internal', internalMessage);
}
