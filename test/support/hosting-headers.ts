import { readFileSync } from 'node:fs';
import { hostingHeaders } from '../../functions/src/http/browser-headers.js';

/** The region projects Hosting serves (.firebaserc's aliases other than `default`, the local demo). */
export function regionProjectIds(): string[] {
  const rc = JSON.parse(readFileSync('.firebaserc', 'utf8')) as { projects: Record<string, string> };
  return Object.entries(rc.projects)
    .filter(([alias]) => alias !== 'default')
    .map(([, id]) => id);
}

/** firebase.json's hosting.headers as http/browser-headers.ts makes them. */
export function expectedHostingHeaders() {
  return hostingHeaders(regionProjectIds());
}
