import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest folder at or above the running module that holds one of `names`, with the name found
 * (the first of `names` present there), or null. Walking up works from src/ (tsx) and from lib/ as
 * bundled (functions/scripts/bundle.mjs puts shared code in lib/chunks/, so a module's depth in the
 * package depends on the bundle, not on its source path).
 */
export function findUp(names: readonly string[], from: string = import.meta.url): { dir: string; name: string } | null {
  let dir = path.dirname(fileURLToPath(from));
  for (;;) {
    const name = names.find((n) => existsSync(path.join(dir, n)));
    if (name) return { dir, name };
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The functions package's folder (package.json, lib/, addin-dist/). */
export function packageRoot(): string {
  const found = findUp(['package.json']);
  if (!found) throw new Error('the functions package.json was not found above the running module');
  return found.dir;
}
