import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRoutes, routeLists, routes } from '../../functions/src/api/route-table.js';
import { headOf, routeHeadsJson } from '../support/route-heads.js';

describe('the route heads (api/route-heads.json)', () => {
  it('are exactly the heads of the routes each area lists, rate limits by name (regenerate with `npm run gen:route-heads`)', async () => {
    const stored = readFileSync(new URL('../../functions/src/api/route-heads.json', import.meta.url), 'utf8');
    expect(stored).toBe(await routeHeadsJson(routeLists));
  });

  it('load, for every route of the table, the whole route with that head', async () => {
    const whole = await loadRoutes();
    expect(whole).toHaveLength(routes.length);
    whole.forEach((def, i) => {
      const { load: _load, ...head } = routes[i]!;
      expect(headOf(def)).toEqual(headOf(head));
      expect(def.handler).toEqual(expect.any(Function));
    });
  });

  it('share one object per rate limit, as the app counts per limit object', async () => {
    const whole = await loadRoutes();
    const reports = routes.filter((r) => r.rateLimit?.what === 'report queries');
    expect(reports.length).toBeGreaterThan(1);
    expect(new Set(reports.map((r) => r.rateLimit)).size).toBe(1);
    // Each head's limit is its route's in every value.
    routes.forEach((r, i) => expect(r.rateLimit).toEqual(whole[i]!.rateLimit));
  });
});
