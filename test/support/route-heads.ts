import type { RateLimit } from '../../functions/src/http/rate-limit.js';
import type { RouteDef, RouteHead } from '../../functions/src/http/route.js';

type Lists = readonly (readonly [name: string, load: () => Promise<RouteDef<any, any, any, any>[]>])[];

/** What api/route-table.ts keeps of a route before its area loads: every field but schemas, checks, examples, handler and audit target. */
export function headOf(r: RouteHead): RouteHead {
  const { method, path, access, summary, bodyType, status, rateLimit, operatorArea, audit } = r;
  const head: RouteHead = { method, path, access, summary, bodyType, status, rateLimit, operatorArea };
  if (audit) head.audit = 'none' in audit ? { none: audit.none } : 'inHandler' in audit ? { action: audit.action, inHandler: true } : { action: audit.action };
  return JSON.parse(JSON.stringify(head)) as RouteHead;
}

/**
 * route-heads.json from the loaded lists: each rate limit once by what it limits (the table gives
 * the routes that share one the same object), each list's heads by its name.
 */
export async function routeHeadsJson(lists: Lists): Promise<string> {
  const rateLimits: Record<string, RateLimit> = {};
  const byName: Record<string, unknown[]> = {};
  for (const [name, load] of lists) {
    byName[name] = (await load()).map((r) => {
      if (!r.rateLimit) return headOf(r);
      const { what } = r.rateLimit;
      const known = rateLimits[what];
      if (known && known !== r.rateLimit) throw new Error(`two rate limits count ${what}: name them apart`);
      rateLimits[what] = r.rateLimit;
      return { ...headOf(r), rateLimit: what };
    });
  }
  return `${JSON.stringify({ rateLimits, lists: byName }, null, 2)}\n`;
}
