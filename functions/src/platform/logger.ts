import * as functionsLogger from 'firebase-functions/logger';

/**
 * Structured logging through firebase-functions/logger (Cloud Logging in production, JSON lines
 * locally). Callers pass ids and counts only: never an email, a name, a token or a secret.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const logger: Logger = {
  info: (message, fields) => functionsLogger.info(message, fields ?? {}),
  warn: (message, fields) => functionsLogger.warn(message, fields ?? {}),
  error: (message, fields) => functionsLogger.error(message, fields ?? {}),
};

/** A logger that keeps entries in memory: tests assert on what would have been logged. */
export function memoryLogger(): Logger & { entries: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const entries: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const push = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    entries.push({ level, message, ...(fields ? { fields } : {}) });
  };
  return { entries, info: push('info'), warn: push('warn'), error: push('error') };
}
