import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The demo's stand-ins of Google's and Microsoft's APIs live in functions/src/local (the local
 * host), which production never runs: nothing the deployed functions load reaches that folder,
 * and the functions build leaves it out.
 */
const SRC = path.resolve('functions/src');

/** Every source file a module loads, statically or lazily (`import()`), through relative imports. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), m[1]!).replace(/\.js$/, '.ts');
      if (existsSync(target)) queue.push(target);
    }
  }
  return seen;
}

describe('production never starts the demo stand-ins', () => {
  const loaded = [...reachable(path.join(SRC, 'index.ts'))].map((f) => path.relative(SRC, f));

  it('nothing the deployed functions load is under functions/src/local', () => {
    expect(loaded.length).toBeGreaterThan(50);
    expect(loaded).toContain('api/api-app.ts');
    expect(loaded).toContain('google/delegation-check.ts');
    expect(loaded.filter((f) => f.startsWith('local/'))).toEqual([]);
  });

  it('the functions build leaves functions/src/local out', () => {
    const build = JSON.parse(readFileSync('functions/tsconfig.build.json', 'utf8')) as { include: string[]; exclude: string[] };
    expect(build.exclude).toContain('src/local');
    expect(existsSync(path.join(SRC, 'local/demo-stand-ins.ts'))).toBe(true);
    expect(existsSync(path.join(SRC, 'local/stand-ins/fake-gmail.ts'))).toBe(true);
  });

  it('only the local host starts them', () => {
    const starters = [...reachable(path.join(SRC, 'local/start.ts'))].map((f) => path.relative(SRC, f));
    expect(starters).toContain('local/demo-stand-ins.ts');
  });
});
