/** `npm run gen:route-heads`: rewrites api/route-heads.json (what routing reads before an area loads) from each area's routes. */
import { writeFileSync } from 'node:fs';
import { routeLists } from '../../functions/src/api/route-table.js';
import { routeHeadsJson } from './route-heads.js';

writeFileSync(new URL('../../functions/src/api/route-heads.json', import.meta.url), await routeHeadsJson(routeLists));
