import { describe, expect, it } from 'vitest';
import { withBuiltFunctions } from '../bench/built-functions.js';

/**
 * What a cold api instance loads, from the functions package built as deployed: the packages only
 * some routes or jobs use are imported on first use (their own tests prove they still work then),
 * so a regression here costs every cold start (docs/performance.md, `api.coldImportRatio`).
 */
describe('the api function cold start', () => {
  it('loads express, zod and Firebase, and none of the dependencies or modules used only by some routes or jobs', async () => {
    const { packages, modules, dateFns } = await withBuiltFunctions(({ lib, run }) =>
      JSON.parse(
        run(`
          import { registerHooks } from 'node:module';
          const urls = new Set();
          registerHooks({ resolve: (spec, ctx, next) => { const r = next(spec, ctx); urls.add(r.url); return r; } });
          await import('${lib}/index.js');
          await Promise.all([import('${lib}/api/api-app.js'), import('${lib}/platform/production-deps.js')]);
          const names = [...urls].filter((u) => u.includes('/node_modules/')).map((u) => u.slice(u.lastIndexOf('/node_modules/') + 14).split('/')).map((p) => (p[0].startsWith('@') ? p[0] + '/' + p[1] : p[0]));
          const modules = [...urls].filter((u) => u.startsWith('file://${lib}/')).map((u) => u.slice('file://${lib}/'.length));
          const dateFns = [...urls].filter((u) => u.includes('/node_modules/date-fns/')).length;
          console.log(JSON.stringify({ packages: [...new Set(names)], modules, dateFns }));`),
      ) as { packages: string[]; modules: string[]; dateFns: number },
    );
    expect(packages).toEqual(expect.arrayContaining(['express', 'zod', 'firebase-functions', 'firebase-admin']));
    // jose is not listed: firebase-admin/auth loads it (through jwks-rsa) for every function.
    const lazy = ['sanitize-html', 'postcss', 'htmlparser2', 'csv-parse', 'googleapis', '@azure/msal-node', '@google-cloud/storage', 'free-email-domains'];
    expect(packages.filter((p) => lazy.includes(p))).toEqual([]);
    // The A/B report's statistics: @stdlib's distributions are ~270 small modules (campaigns/ab-stats.ts).
    expect(packages.filter((p) => p.startsWith('@stdlib/'))).toEqual([]);
    expect(modules).toEqual(expect.arrayContaining(['api/route-table.js', 'directory/import-csv-input.js', 'privacy/start-purge.js']));
    const lazyModules = ['directory/import-csv.js', 'privacy/purge-job.js', 'privacy/export-user.js', 'privacy/export-tenant-job.js', 'privacy/export-views.js', 'privacy/register.js', 'privacy/access-review.js', 'campaigns/ab-stats.js'];
    expect(modules.filter((m) => lazyModules.includes(m))).toEqual([]);
    // date-fns by the functions used (dsr/deadline.ts), not its root (~250 modules) nor `format` (66 with its locale).
    expect(dateFns).toBeGreaterThan(0);
    expect(dateFns).toBeLessThan(30);
  }, 60_000);
});
