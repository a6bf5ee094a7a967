import * as functionsLogger from 'firebase-functions/logger';
import type { Logger } from '../core/ports.js';

/** firebase-functions/logger: Cloud Logging in production, JSON lines locally (the Logger port, core/ports.ts). */
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
