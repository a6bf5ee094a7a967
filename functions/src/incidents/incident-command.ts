import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../core/errors.js';
import { appendIncidentUpdate, previewIncident, recordIncident, type IncidentDeps, type IncidentPreview, type NoticeResult } from './incident-store.js';
import { queueOwnerMail } from '../mail/queue-owner-mail.js';

/** The operator's incident command (functions/src/local/incident.ts), minus its connection to a project. */
export const USAGE = 'usage: incident.ts record|update --project <projectId> --region <eu|us> --file <incident.yaml|json> [--dry-run] [--database <databaseId>]';

/** The options of the command line (functions/src/local/incident.ts reads the same). */
export const OPTIONS = { project: { type: 'string' }, region: { type: 'string' }, database: { type: 'string' }, file: { type: 'string' }, 'dry-run': { type: 'boolean' } } as const;

/**
 * `record` or `update` with the file; `record --dry-run` checks the file and prints the tenants
 * (by name) and the mail they would get, writing and sending nothing.
 */
export async function runIncidentCommand(argv: string[], deps: IncidentDeps): Promise<NoticeResult | IncidentPreview> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const command = positionals[0];
  if ((command !== 'record' && command !== 'update') || !values.file || (values['dry-run'] && command !== 'record')) throw new AppError('invalid_argument', USAGE);
  const file = readIncidentFile(values.file);
  if (values['dry-run']) return previewIncident(deps, file);
  return command === 'record' ? recordIncident(deps, file, queueOwnerMail) : appendIncidentUpdate(deps, file, queueOwnerMail);
}

/** YAML (a superset of JSON): dates stay text, so the schema checks their form. */
export function readIncidentFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new AppError('invalid_argument', `The file ${path} cannot be read.`);
  }
  try {
    return parseYaml(text);
  } catch (err) {
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new AppError('invalid_argument', `The file ${path} is not valid YAML or JSON${line ? ` (line ${line})` : ''}.`);
  }
}

export function describeResult(r: NoticeResult | IncidentPreview): string {
  if ('mail' in r) {
    const tenants = r.tenants.map((t) => `  ${t.tenantId}: ${t.name}`);
    return [`dry run, nothing written or sent: incident ${r.incidentId} would notify the owners of ${r.tenants.length} tenant${r.tenants.length === 1 ? '' : 's'}`, ...tenants, '', `Subject: ${r.mail.subject}`, '', r.mail.text].join('\n');
  }
  const what = r.updateId ? `update ${r.updateId} of incident ${r.incidentId}` : `incident ${r.incidentId}`;
  const lines = r.tenants.map((t) => `  ${t.tenantId}: ${t.alreadyNotified ? 'already notified at' : 'owners notified at'} ${t.notifiedAt}`);
  return [`${what}: ${r.tenants.length} tenant${r.tenants.length === 1 ? '' : 's'}`, ...lines].join('\n');
}

