import { describe, expect, it } from 'vitest';
import { withBuiltFunctions } from '../bench/built-functions.js';

/**
 * What a cold api instance loads, from the functions package built as deployed: the packages only
 * some routes or jobs use are imported on first use (their own tests prove they still work then),
 * so a regression here costs every cold start (docs/performance.md, `api.coldImportRatio`).
 */
describe('the api function cold start', () => {
  it('loads express, zod (English only) and Firebase, no area routes, and none of the dependencies or modules used only by some routes or jobs', async () => {
    const { packages, modules, zodLocales, dateFns, dsrDateFns } = await withBuiltFunctions(({ lib, run, sourcesOf }) => {
      const [urls, dsrUrls] = JSON.parse(
        run(`
          import { registerHooks } from 'node:module';
          const urls = new Set();
          registerHooks({ resolve: (spec, ctx, next) => { const r = next(spec, ctx); urls.add(r.url); return r; } });
          await import('${lib}/index.js');
          await Promise.all([import('${lib}/api/api-app.js'), import('${lib}/platform/production-deps.js')]);
          const cold = [...urls];
          await import('${lib}/dsr/dsr-routes.js');
          console.log(JSON.stringify([cold, [...urls]]));`),
      ) as [string[], string[]];
      // Packages loaded from node_modules, and those bundled in (functions/scripts/bundle.mjs) by the modules of theirs the loaded files hold.
      const sources = sourcesOf(urls);
      const packagePath = (p: string) => p.slice(p.lastIndexOf('node_modules/') + 13).split('/');
      const names = [...urls.filter((u) => u.includes('/node_modules/')), ...sources.filter((s) => s.startsWith('node_modules/'))].map(packagePath).map((p) => (p[0]!.startsWith('@') ? `${p[0]}/${p[1]}` : p[0]!));
      return {
        packages: [...new Set(names)],
        modules: sources.filter((s) => !s.startsWith('node_modules/')),
        zodLocales: sources.filter((s) => s.includes('node_modules/zod/') && s.includes('/locales/')),
        dateFns: sources.filter((s) => s.startsWith('node_modules/date-fns/')).length,
        dsrDateFns: sourcesOf(dsrUrls).filter((s) => s.startsWith('node_modules/date-fns/')).length,
      };
    });
    expect(packages).toEqual(expect.arrayContaining(['express', 'zod', 'firebase-functions', 'firebase-admin']));
    // jose is not listed: firebase-admin/auth loads it (through jwks-rsa) for every function.
    const lazy = ['sanitize-html', 'postcss', 'htmlparser2', 'csv-parse', 'googleapis', '@azure/msal-node', '@google-cloud/storage', 'free-email-domains'];
    expect(packages.filter((p) => lazy.includes(p))).toEqual([]);
    // The A/B report's statistics: @stdlib's distributions are ~270 small modules (campaigns/ab-stats.ts).
    expect(packages.filter((p) => p.startsWith('@stdlib/'))).toEqual([]);
    expect(modules).toEqual(expect.arrayContaining(['api/route-table.js', 'http/route.js']));
    // Each area's routes (their schemas, handlers and what only they use) load with the first request that reaches them.
    expect(modules.filter((m) => m.endsWith('-routes.js'))).toEqual([]);
    const lazyModules = ['directory/import-csv.js', 'privacy/purge-job.js', 'privacy/export-user.js', 'privacy/export-tenant-job.js', 'privacy/export-views.js', 'privacy/register.js', 'privacy/access-review.js', 'campaigns/ab-stats.js'];
    expect(modules.filter((m) => lazyModules.includes(m))).toEqual([]);
    // zod's locales: English only (the bundle drops the 63 others, which zod's every entry re-exports).
    expect(zodLocales.map((s) => s.slice(s.lastIndexOf('/') + 1))).toEqual(['en.js']);
    // date-fns by the functions used (dsr/deadline.ts), not its root (~250 modules) nor `format` (66 with
    // its locale), and only once the data-subject requests' routes load, not cold.
    expect(dateFns).toBe(0);
    expect(dsrDateFns).toBeGreaterThan(0);
    expect(dsrDateFns).toBeLessThan(30);
  }, 60_000);
});
