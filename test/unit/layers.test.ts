import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';
import layers, { floors } from '../../.dependency-cruiser.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TS_CONFIG = path.join(ROOT, 'tsconfig.json');

/** Cruises `dirs` under `baseDir` with the project's layer rules; one line per violation. */
async function violations(baseDir: string, dirs: string[]): Promise<string[]> {
  const { output } = await cruise(
    dirs,
    { ...layers.options, baseDir, ruleSet: { forbidden: layers.forbidden }, validate: true, tsConfig: { fileName: TS_CONFIG } },
    {},
    { tsConfig: extractTSConfig(TS_CONFIG) },
  );
  return (output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`);
}

describe('layer rules (.dependency-cruiser.mjs, docs/architecture.md)', () => {
  it('the server, the console and the add-in keep them', async () => {
    expect(await violations(ROOT, ['functions/src', 'hosting/src', 'outlook-addin/src'])).toEqual([]);
  }, 60_000);

  it('docs/architecture.md names the same feature folders as the rules, and every folder is on a floor', () => {
    const inRules = /\((.*)\)/.exec(floors.FEATURES)![1]!.split('|').sort();
    const row = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8').split('\n').find((l) => l.startsWith('| features |'))!;
    const inDoc = /`([^`]*)`/.exec(row)![1]!.split(/\s+/).map((f) => f.replace(/\/$/, '')).sort();
    expect(inDoc).toEqual(inRules);
    const placed = Object.values(floors).map((p) => new RegExp(p));
    const folders = readdirSync(path.join(ROOT, 'functions/src'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `functions/src/${d.name}/`);
    expect(folders.filter((f) => !placed.some((r) => r.test(f)))).toEqual([]);
  });

  it('catch each kind of violation (test/fixtures/layers)', async () => {
    const found = await violations(path.join(ROOT, 'test/fixtures/layers'), ['functions/src', 'hosting/src']);
    const rule = (name: string) => found.filter((v) => v.startsWith(`${name}:`));
    expect(rule('ground-floor-imports-no-feature')).toEqual(['ground-floor-imports-no-feature: functions/src/core/ground.ts → functions/src/tenants/feature.ts']);
    expect(rule('adapters-import-no-feature')).toEqual(['adapters-import-no-feature: functions/src/platform/adapter.ts → functions/src/tenants/feature.ts']);
    expect(rule('entry-points-are-imported-by-none')).toEqual(['entry-points-are-imported-by-none: functions/src/tenants/feature.ts → functions/src/api/entry.ts']);
    expect(rule('on-a-floor')).toEqual(['on-a-floor: functions/src/mystery/unplaced.ts → functions/src/core/ground.ts']);
    // The console's value import is refused; its type-only import of the same floor is not.
    expect(rule('clients-import-only-server-types')).toEqual(['clients-import-only-server-types: hosting/src/screen.ts → functions/src/core/ground.ts']);
    // Either way past api-types.ts is refused; through it (hosting/src/typed.ts) is not.
    expect(rule('clients-import-server-types-from-api-types')).toEqual([
      'clients-import-server-types-from-api-types: hosting/src/screen.ts → functions/src/core/ground.ts',
      'clients-import-server-types-from-api-types: hosting/src/screen.ts → functions/src/tenants/feature.ts',
    ]);
    // api-types.ts re-exports a value: refused; its type re-export is not.
    expect(rule('api-types-imports-only-types')).toEqual(['api-types-imports-only-types: functions/src/api-types.ts → functions/src/core/ground.ts']);
    // A cycle through a lazy import() counts.
    expect(rule('no-cycle').length).toBeGreaterThan(0);
    expect(rule('no-cycle').join('\n')).toContain('functions/src/tenants/other.ts');
  }, 60_000);
});
