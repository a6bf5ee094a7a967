import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A tenant's `domains` holds pending (unproven) domains any tenant may type in: nothing may find a
 * tenant through it (uninstall, locate, join, sign-in). Every tenant-by-domain lookup goes through
 * trust/verified-domains.ts (`tenantsVerifying`, `soleTenantVerifying`), which reads only the
 * domains the tenant proved. This reads the server's source and refuses any other such query.
 */
const ROOT = path.resolve('functions/src');
const HELPER = path.join('trust', 'verified-domains.ts');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Queries on a domains field (any spelling of where / FieldPath), and readers of a pending domain as the tenant's own. */
const FORBIDDEN = [
  /where\(\s*(?:new\s+FieldPath\(\s*)?['"`](?:domains|verifiedDomains)['"`]/,
  /\.get\(\s*['"`]domains['"`]\s*\)/,
  /\bdomains\s*\[\s*0\s*\]/,
];

describe('tenant lookups by domain', () => {
  it('go through trust/verified-domains.ts only, and never read pending domains', () => {
    const offenders: string[] = [];
    for (const file of sources(ROOT)) {
      const rel = path.relative(ROOT, file);
      if (rel === HELPER) continue;
      // The demo's stand-ins play Google and Microsoft (the far side of the network), not Herald's tenants.
      if (rel.startsWith('local/stand-ins/')) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (FORBIDDEN.some((re) => re.test(line))) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('the patterns catch the lookups they are meant to', () => {
    const caught = (line: string) => FORBIDDEN.some((re) => re.test(line));
    expect(caught(`col(db, 'tenants', {}).where('domains', 'array-contains', d)`)).toBe(true);
    expect(caught(`tenants.where("verifiedDomains", "array-contains", d)`)).toBe(true);
    expect(caught(`const domains = d.get('domains')`)).toBe(true);
    expect(caught('homeUrl: `https://${domains[0]}/`')).toBe(true);
    expect(caught(`tenantsVerifying(deps.db, domain).limit(2)`)).toBe(false);
  });
});
