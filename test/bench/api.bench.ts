/**
 * The api function's cold start (npm run bench -- api), in fresh processes from the functions
 * package built as deployed (test/bench/built-functions.ts), interleaved, medians of 9:
 * - `coldImportRatio`: loading what a cold api instance loads (index.js, then the api app and the
 *   production dependencies, as index.ts's lazy handler does) ÷ loading the floor every such function
 *   pays: firebase-functions + firebase-admin/firestore + firebase-admin/auth; in wall time, and as
 *   `coldImportCpuRatio` in the loading process's CPU time (steadier on a shared machine);
 * - `firstRequestMs`: after that import, building the app and answering its first request
 *   (GET /api/region over node:http: routing, middleware, config, and the tenants area's routes,
 *   which load on the first request that reaches them; no database call), and
 *   `secondRequestMs` the next one, for comparison;
 * - `firstSanitizeMs`: then the first template sanitised (sanitize-html is imported on first use,
 *   so this is what the first request that saves or renders a signature adds), and
 *   `secondSanitizeMs` the same call again;
 * - `coldImportRatioBehindFramework` (and its CPU twin): the same two loads as deployed, behind the functions
 *   framework (Cloud Functions' Node entry point, which loads its server, express 5 and
 *   body-parser 2 before the function's source): (framework + api) ÷ (framework + floor). A
 *   deployed package holds one express and one body-parser (same versions as the framework's),
 *   so the framework's requires resolve to functions' copies here too, as npm would dedupe them.
 * Last stdout line: {"api": {...}}.
 */
import * as nodeModule from 'node:module';
import { createRequire } from 'node:module';
import path from 'node:path';
import { median, withBuiltFunctions } from './built-functions.js';

/** What the framework's main.js requires before it loads the function's module (without starting a server). */
const FRAMEWORK_DIR = path.dirname(createRequire(import.meta.url).resolve('@google-cloud/functions-framework'));
const framework = `
  import { registerHooks, createRequire } from 'node:module';
  import { pathToFileURL } from 'node:url';
  const functionsRequire = createRequire(process.cwd() + '/');
  registerHooks({ resolve: (spec, ctx, next) => (spec === 'express' || spec === 'body-parser') && ctx.parentURL?.includes('/functions-framework/') ? { url: pathToFileURL(functionsRequire.resolve(spec)).href, format: 'commonjs', shortCircuit: true } : next(spec, ctx) });
  await Promise.all(['loader', 'invoker', 'server', 'options', 'logger'].map((m) => import(${JSON.stringify(FRAMEWORK_DIR)} + '/' + m + '.js')));`;

const r3 = (x: number) => Math.round(x * 1000) / 1000;
/** module.registerHooks (Node ≥ 22.15, the runtime's): without it the behind-the-framework loads are left out. */
const canHook = typeof (nodeModule as { registerHooks?: unknown }).registerHooks === 'function';
const figures = await withBuiltFunctions(({ lib, run }) => {
  // Wall time, and the process's CPU time (user + system, all threads), which other processes on a
  // shared machine disturb less: the loads are CPU-bound (files come from the page cache).
  const timed = (code: string) => `const c = process.cpuUsage(); const t = performance.now(); ${code} const w = performance.now() - t; const u = process.cpuUsage(c); console.log(JSON.stringify([w, (u.user + u.system) / 1000]));`;
  const load = (code: string) => {
    const [wall, cpu] = JSON.parse(run(code)) as [number, number];
    return { wall, cpu };
  };
  const loadFloor = `await Promise.all([import('firebase-functions'), import('firebase-admin/firestore'), import('firebase-admin/auth')]);`;
  const loadApi = `await import('${lib}/index.js'); await Promise.all([import('${lib}/api/api-app.js'), import('${lib}/platform/production-deps.js')]);`;
  const floor = timed(loadFloor);
  const api = timed(loadApi);
  const fwFloor = timed(framework + loadFloor);
  const fwApi = timed(framework + loadApi);
  const request = `
    await import('${lib}/index.js');
    const [m, d, http] = await Promise.all([import('${lib}/api/api-app.js'), import('${lib}/platform/production-deps.js'), import('node:http')]);
    const get = (port) => new Promise((resolve, reject) => http.get({ host: '127.0.0.1', port, path: '/api/region' }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); }).on('error', reject));
    const t0 = performance.now();
    const server = http.createServer(m.createApiApp(d.productionDeps()));
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const status = await get(server.address().port);
    const first = performance.now() - t0;
    const t1 = performance.now();
    await get(server.address().port);
    const second = performance.now() - t1;
    server.close();
    const { sanitizeTemplate } = await import('${lib}/signatures/sanitize-template.js');
    const html = '<table><tr><td style="color:#333"><b>{{firstName}} {{lastName}}</b>{{#title}}<br>{{title}}{{/title}}<br><a href="mailto:{{email}}">{{email}}</a></td></tr></table>';
    const t2 = performance.now();
    const a = await sanitizeTemplate(html);
    const firstSanitize = performance.now() - t2;
    const t3 = performance.now();
    const b = await sanitizeTemplate(html);
    const secondSanitize = performance.now() - t3;
    if (a.errors.length || a.html !== b.html || !a.html.includes('{{firstName}}')) throw new Error('sanitizeTemplate: unexpected result');
    console.log(JSON.stringify({ status, first, second, firstSanitize, secondSanitize }));
    process.exit(0);`;
  type Load = { wall: number; cpu: number };
  const loads = { floor: [] as Load[], api: [] as Load[], fwFloor: [] as Load[], fwApi: [] as Load[] };
  const samples = { first: [] as number[], second: [] as number[], firstSanitize: [] as number[], secondSanitize: [] as number[] };
  for (let i = 0; i < 9; i++) {
    loads.floor.push(load(floor));
    loads.api.push(load(api));
    if (canHook) {
      loads.fwFloor.push(load(fwFloor));
      loads.fwApi.push(load(fwApi));
    }
    const r = JSON.parse(run(request)) as { status: number; first: number; second: number; firstSanitize: number; secondSanitize: number };
    if (r.status !== 200) throw new Error(`GET /api/region answered ${r.status}`);
    samples.first.push(r.first);
    samples.second.push(r.second);
    samples.firstSanitize.push(r.firstSanitize);
    samples.secondSanitize.push(r.secondSanitize);
  }
  const m = (xs: Load[], k: keyof Load) => median(xs.map((x) => x[k]));
  const floorMs = m(loads.floor, 'wall');
  return {
    coldImportRatio: r3(m(loads.api, 'wall') / floorMs),
    coldImportFloorMs: Math.round(floorMs),
    coldImportApiMs: Math.round(m(loads.api, 'wall')),
    coldImportCpuRatio: r3(m(loads.api, 'cpu') / m(loads.floor, 'cpu')),
    coldImportFloorCpuMs: Math.round(m(loads.floor, 'cpu')),
    coldImportApiCpuMs: Math.round(m(loads.api, 'cpu')),
    ...(canHook
      ? {
          coldImportRatioBehindFramework: r3(m(loads.fwApi, 'wall') / m(loads.fwFloor, 'wall')),
          coldImportCpuRatioBehindFramework: r3(m(loads.fwApi, 'cpu') / m(loads.fwFloor, 'cpu')),
          behindFrameworkFloorMs: Math.round(m(loads.fwFloor, 'wall')),
          behindFrameworkApiMs: Math.round(m(loads.fwApi, 'wall')),
        }
      : { behindFrameworkSkipped: `module.registerHooks is missing in Node ${process.version} (the runtime is Node 22)` }),
    firstRequestMs: Math.round(median(samples.first) * 10) / 10,
    secondRequestMs: Math.round(median(samples.second) * 10) / 10,
    firstSanitizeMs: Math.round(median(samples.firstSanitize) * 10) / 10,
    secondSanitizeMs: Math.round(median(samples.secondSanitize) * 10) / 10,
  };
});
process.stderr.write(`api bench: ${JSON.stringify(figures)}\n`);
process.stdout.write(JSON.stringify({ api: figures }) + '\n');
