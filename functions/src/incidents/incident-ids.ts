import { createHash } from 'node:crypto';

/**
 * Ids derived from what the operator wrote: running the command again with the same file names the
 * same record, so a run that stopped half-way resumes (the tenants already notified are skipped)
 * and never records or mails anything twice.
 */
function digest(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

/** JSON with sorted keys: the same content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** `inc-20261201-3f9a1c2b`: the day it was detected, and the content's hash. */
export function incidentIdOf(input: { detectedAt: string }): string {
  return `inc-${input.detectedAt.slice(0, 10).replace(/-/g, '')}-${digest(input).slice(0, 8)}`;
}

export function updateIdOf(input: unknown): string {
  return `upd-${digest(input).slice(0, 12)}`;
}
