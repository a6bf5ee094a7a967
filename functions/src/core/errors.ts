import * as z from 'zod';

/** The one error table: every code the API can answer, with its HTTP status. */
export const ERROR_STATUS = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  failed_precondition: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Turns zod issues into one readable message naming each field, e.g. `query.limit: must be ≤ 200`. */
export function fromZodError(error: z.ZodError, where: string): AppError {
  const fields = error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
  const message = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new AppError('invalid_argument', message, { fields });
}

/** One field the API refused, e.g. `{ field: 'body.banner.imageUrl', message: 'must be an http(s) URL' }`. */
export interface FieldProblem {
  field: string;
  message: string;
  /** The field as the customer knows it ("Banner image"): core/field-labels.ts. */
  label?: string;
}

/** Every error answer of the API. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldProblem[]; fix?: Fix };
}

export function errorBody(err: AppError): ErrorBody {
  const details = err.details as { fields?: ErrorBody['error']['fields']; fix?: Fix } | undefined;
  const fields = details?.fields;
  const fix = details?.fix;
  return { error: { code: err.code, message: err.message, ...(fields ? { fields } : {}), ...(fix ? { fix } : {}) } };
}

/**
 * What the customer does to get past a refusal, as a step of the console rather than an API route:
 * an error names one in its details (`new AppError(code, message, { fix: 'connect_google' })`), a
 * held job in its error, and the console shows it as the button that does it
 * (hosting/src/core/fixes.ts maps every one, typed, so a new fix without a button does not compile).
 */
export const FIXES = ['connect_google', 'connect_microsoft', 'prove_domain', 'add_domain', 'directory_settings', 'choose_source', 'outlook_addin', 'confirm_removals'] as const;
export type Fix = (typeof FIXES)[number];
