// Run after `tsc` (npm run build): records the code version the compliance pack states, as
// lib/build-info.json — the package version and, where the build runs in a git checkout, the
// commit (with "-dirty" when the tree has uncommitted changes). Deployed with lib/. An argument
// names another folder to write to (the test's).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = new URL('..', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', here), 'utf8'));
function git(...args) {
  try {
    return execFileSync('git', args, { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}
const sha = git('rev-parse', 'HEAD');
const commit = sha && /^[0-9a-f]{40}$/.test(sha) ? `${sha}${git('status', '--porcelain') ? '-dirty' : ''}` : null;
const out = process.argv[2] ? join(resolve(process.argv[2]), 'build-info.json') : fileURLToPath(new URL('lib/build-info.json', here));
writeFileSync(out, `${JSON.stringify({ version, commit })}\n`);
