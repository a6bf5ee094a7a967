import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routesMarkdown } from '../../functions/src/http/route-docs.js';
import { routes } from '../../functions/src/api/route-table.js';

describe('README', () => {
  it('lists exactly the routes of the route table (regenerate with `npm run docs:routes`)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /<!-- routes:start -->\n([\s\S]*?)\n<!-- routes:end -->/.exec(readme)?.[1];
    expect(block).toBe(routesMarkdown(routes));
  });

  it('shows the two commands that work on a fresh clone', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
