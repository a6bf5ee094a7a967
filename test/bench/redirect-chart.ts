/**
 * docs/redirect-curve.svg from the redirect benchmark's output: answered req/s and p99 latency of the
 * bare 302 server and the links app (remote Firestore model) against the offered open-loop load
 * (`redirect.curve`). Vega-Lite compiled to Vega, rendered to SVG headless (no browser, no canvas).
 *
 *   npm run bench -- redirect | tail -1 > redirect.json && npm run bench:chart -- redirect.json
 *   (or pipe the JSON line in)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

interface Point {
  server: string;
  offeredPerSec: number;
  answeredPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const input = process.argv[2] ? readFileSync(process.argv[2], 'utf8') : readFileSync(0, 'utf8');
const line = input.trim().split('\n').pop() ?? '';
const curve = (JSON.parse(line) as { redirect?: { curve?: Point[] } }).redirect?.curve;
if (!curve?.length) throw new Error('no redirect.curve in the input: give the last line of `npm run bench -- redirect`');

const names: Record<string, string> = { bare302: 'bare node:http 302', links: 'links app (10 ms remote commit model)' };
const values = curve.map((p) => ({ ...p, server: names[p.server] ?? p.server }));
const x = { field: 'offeredPerSec', type: 'quantitative', title: 'offered load (requests/s, open loop)' } as const;
const color = { field: 'server', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 400 } } as const;
const spec: TopLevelSpec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  title: 'Redirect: answered req/s and p99 latency against offered load (one instance)',
  data: { values },
  hconcat: [
    {
      width: 320,
      height: 240,
      mark: { type: 'line', point: true },
      encoding: { x, y: { field: 'answeredPerSec', type: 'quantitative', title: 'answered (requests/s)' }, color },
    },
    {
      width: 320,
      height: 240,
      mark: { type: 'line', point: true },
      encoding: { x, y: { field: 'p99Ms', type: 'quantitative', title: 'p99 latency (ms, log)', scale: { type: 'log' } }, color },
    },
  ],
};
const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
const svg = await view.toSVG();
const out = path.join(ROOT, 'docs/redirect-curve.svg');
writeFileSync(out, svg + '\n');
process.stderr.write(`wrote ${path.relative(ROOT, out)} (${values.length} points)\n`);
