import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withBuiltFunctions } from '../bench/built-functions.js';

const FUNCTIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../functions');

/** Every function index.js declares (groups such as `tasks` flattened as firebase-tools names them), with its endpoint as deployed. */
const listEndpoints = (indexUrl: string) => `
  const m = await import(${JSON.stringify(indexUrl)});
  const out = {};
  const walk = (prefix, o) => { for (const [k, v] of Object.entries(o)) { if (v && v.__endpoint) out[prefix + k] = v.__endpoint; else if (v && typeof v === 'object') walk(prefix + k + '-', v); } };
  walk('', m);
  console.log(JSON.stringify(out));`;

/**
 * The deployed package is a bundle (functions/scripts/bundle.mjs): it must declare the same
 * functions as the source, with the same triggers, secrets, retries and instances, and serve.
 */
describe('the functions package as bundled for deployment', () => {
  it('declares every function the source declares, each with the same endpoint; its api answers, its add-in files and code version are found', async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', GCLOUD_PROJECT: 'demo-herald' };
    const fromSource = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', listEndpoints(`file://${FUNCTIONS}/src/index.ts`)], { cwd: FUNCTIONS, encoding: 'utf8', env });
    expect(fromSource.status, fromSource.stderr.slice(0, 500)).toBe(0);
    const source = JSON.parse(fromSource.stdout.trim().split('\n').pop()!) as Record<string, unknown>;

    const { bundled, status, body, version, icon } = await withBuiltFunctions(({ lib, run, outputOf }) => {
      const bundled = JSON.parse(run(listEndpoints(`file://${lib}/index.js`))) as Record<string, unknown>;
      // What `npm run build` writes next: the code version the compliance pack states, read from
      // wherever the bundle put code-version.ts; and the add-in's files found from the bundle's folder.
      execFileSync(process.execPath, [path.join(FUNCTIONS, 'scripts/write-build-info.mjs'), lib]);
      const version = JSON.parse(
        run(`
          const m = await import(${JSON.stringify(outputOf('compliance/code-version.js'))});
          console.log(JSON.stringify(Object.values(m).find((f) => f.name === 'codeVersion')()));`),
      ) as { version: string; commit: string | null };
      const icon = JSON.parse(
        run(`
          // One after the other, as index.js loads them (jose is both imported here and required by firebase-admin/auth's jwks-rsa).
          const a = await import('${lib}/addins/outlook-addin-app.js');
          const d = await import('${lib}/platform/production-deps.js');
          const http = await import('node:http');
          const server = http.createServer(a.createOutlookAddinApp(d.productionDeps()));
          await new Promise((r) => server.listen(0, '127.0.0.1', r));
          const res = await fetch('http://127.0.0.1:' + server.address().port + '/outlook/icon-32.png');
          console.log(JSON.stringify({ status: res.status, type: res.headers.get('content-type'), bytes: (await res.arrayBuffer()).byteLength }));
          process.exit(0);`),
      ) as { status: number; type: string; bytes: number };
      const served = JSON.parse(
        run(`
          await import('${lib}/index.js');
          const [m, d, http] = await Promise.all([import('${lib}/api/api-app.js'), import('${lib}/platform/production-deps.js'), import('node:http')]);
          const server = http.createServer(m.createApiApp(d.productionDeps()));
          await new Promise((r) => server.listen(0, '127.0.0.1', r));
          const res = await fetch('http://127.0.0.1:' + server.address().port + '/api/region');
          console.log(JSON.stringify({ status: res.status, body: await res.json() }));
          process.exit(0);`),
      ) as { status: number; body: unknown };
      return { bundled, ...served, version, icon };
    });
    expect(Object.keys(source).length).toBeGreaterThan(20);
    expect(Object.keys(bundled).sort()).toEqual(Object.keys(source).sort());
    expect(bundled).toEqual(source);
    expect(status).toBe(200);
    expect(body).toEqual(expect.objectContaining({ region: expect.any(String) }));
    expect(version.version).toBe(JSON.parse(readFileSync(path.join(FUNCTIONS, 'package.json'), 'utf8')).version);
    expect(version.commit).toMatch(/^[0-9a-f]{40}(-dirty)?$/);
    expect(icon).toEqual({ status: 200, type: 'image/png', bytes: readFileSync(path.join(FUNCTIONS, 'addin-dist/icon-32.png')).byteLength });
  }, 120_000);
});
