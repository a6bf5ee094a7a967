/**
 * Signature rendering speed: the Gmail deployment renders one signature per user, and
 * GET /api/me/signature one per call. Prints `{"signatures": {...}}` as its last line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderSignature, type SignatureFields } from '../../functions/src/signatures/render-signature.js';
import { sanitizeTemplate } from '../../functions/src/signatures/sanitize-template.js';

const seed = JSON.parse(readFileSync(path.resolve('emulator-data/firestore-seed.json'), 'utf8')) as { docs: Record<string, Record<string, unknown>> };
const template = seed.docs['tenants/acme/templates/acme-standard']!.html as string;
const users = Object.entries(seed.docs)
  .filter(([p]) => p.startsWith('tenants/acme/users/'))
  .map(([, u]) => u as unknown as SignatureFields);
const banner = { clickUrl: 'https://go.example/c/abcdefghijklmnop', viewUrl: 'https://go.example/v/abcdefghijklmnop', alt: 'Spring launch', width: 600, height: 120 };

async function rate(label: string, seconds: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await fn(i);
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end) await fn(n++);
  const perSec = Math.round(n / ((performance.now() - start) / 1000));
  process.stderr.write(`${label}: ${perSec}/s\n`);
  return perSec;
}

const renderPerSec = await rate('render', 5, (i) => renderSignature(template, users[i % users.length]!, banner));
const sanitizePerSec = await rate('sanitize on save', 3, () => sanitizeTemplate(template));
const rssMiB = Math.round(process.memoryUsage().rss / 1048576);
process.stdout.write(JSON.stringify({ signatures: { renderPerSec, sanitizeTemplatePerSec: sanitizePerSec, rssMiB } }) + '\n');
