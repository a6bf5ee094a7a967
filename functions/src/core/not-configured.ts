import { AppError } from './errors.js';

/**
 * A capability this region's operator has not set up (credentials, an app registration): said in
 * words, once, as the operator's configuration, never naming a setting the customer cannot see.
 */
export function notConfigured(what: string, code: 'failed_precondition' | 'unavailable' = 'failed_precondition'): AppError {
  return new AppError(code, `${what} is not set up in this Herald region: that is the operator’s configuration, not something you can change (ask Herald support)`);
}
