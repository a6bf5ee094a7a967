/** `npm run docs:routes`: rewrites the README's route list from the route table. */
import { readFileSync, writeFileSync } from 'node:fs';
import { routesMarkdown } from '../../functions/src/http/route-docs.js';
import { routes } from '../../functions/src/api/route-table.js';

const readme = readFileSync('README.md', 'utf8');
const next = readme.replace(/<!-- routes:start -->\n[\s\S]*?<!-- routes:end -->/, `<!-- routes:start -->\n${routesMarkdown(routes)}\n<!-- routes:end -->`);
writeFileSync('README.md', next);
