import { describe, expect, it } from 'vitest';
import { withBuiltFunctions, type BuiltFunctions } from '../bench/built-functions.js';

/** What a fresh process loads while it runs `code`: Herald's source modules in the built files it loads, and whether zod is among what it loads. */
function loads({ run, sourcesOf }: BuiltFunctions, code: string): { modules: string[]; zod: boolean } {
  const urls = JSON.parse(
    run(`
      import { registerHooks } from 'node:module';
      const seen = [];
      registerHooks({ resolve: (spec, ctx, next) => { const r = next(spec, ctx); seen.push(r.url); return r; } });
      ${code}
      console.log(JSON.stringify(seen));`),
  ) as string[];
  const sources = sourcesOf(urls);
  return { modules: sources.filter((s) => !s.startsWith('node_modules/')), zod: sources.some((s) => s.startsWith('node_modules/zod/')) || urls.some((u) => u.includes('/node_modules/zod/')) };
}

/**
 * What a cold links instance loads, from the functions package built as deployed (the redirect's
 * hot path, docs/performance.md `redirect.coldImportRatio`): its app builds Firestore paths with
 * core/paths.ts, never through the data catalog, which loads every stored schema and zod with them.
 */
describe('the links function cold start', () => {
  it('loads neither the data catalog nor a stored schema, and its app loads no zod', async () => {
    const { fn, app } = await withBuiltFunctions((built) => ({
      fn: loads(built, `await import('${built.lib}/index.js'); (await import('${built.lib}/links/links-function.js')).createLinksFunctionApp();`),
      app: loads(built, `await import('${built.lib}/links/links-app.js');`),
    }));
    expect(fn.modules).toEqual(expect.arrayContaining(['links/links-app.js', 'tracking/link-resolver.js', 'core/paths.js']));
    // Every function loads index.js: the job specs (with their payload schemas) and the config,
    // both validated with zod. The links function adds no schema of its own to those.
    const jobPayloads = ['core/schemas/ids.js', 'core/schemas/purge-payload.js', 'core/schemas/sync-payload.js', 'core/schemas/deploy-payload.js', 'core/schemas/notice-payload.js'];
    expect(fn.modules.filter((m) => m === 'core/catalog.js' || (m.startsWith('core/schemas/') && !jobPayloads.includes(m)))).toEqual([]);
    expect(app.modules).toEqual(expect.arrayContaining(['tracking/link-resolver.js', 'tracking/build-hit.js', 'core/paths.js']));
    expect(app.modules.filter((m) => m === 'core/catalog.js' || m.startsWith('core/schemas/'))).toEqual([]);
    expect(app.zod).toBe(false);
  }, 60_000);
});
