import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 20: every role change goes through changeRole (functions/src/tenants/member-roles.ts), which
 * writes members/{uid}, the audit entry and the claims together. This test refuses any other file
 * of the server that sets custom claims or writes a members record, so a new path cannot skip the
 * checks or the audit entry.
 */
const SRC = path.resolve(import.meta.dirname, '../../functions/src');
const THE_ONE_WRITER = 'tenants/member-roles.ts';
/** The one writer of the operator mark (issue 23): the operator command's setOperator, never a tenant role. */
const THE_OPERATOR_WRITER = 'operator/operator-account.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

const WRITE = String.raw`\.(?:set|update|delete|create|add)\(`;

/** The lines of `text` that set custom claims or write a members record (by reference or path). */
function roleWrites(text: string): string[] {
  const found: string[] = [];
  const lines = text.split('\n');
  // References to the members collection kept in a variable, written later.
  const refs = [...text.matchAll(/(?:const|let)\s+(\w+)\s*=\s*(?:doc|col)\([^;]*'members'/g)].map((m) => m[1]!);
  const writesRef = refs.length ? new RegExp(String.raw`\b(?:${refs.join('|')})\b${WRITE}|\.(?:set|update|delete|create)\(\s*(?:${refs.join('|')})\b`) : null;
  for (const line of lines) {
    const membersHere = /(?:doc|col)\([^)]*'members'|[`'"][^`'"]*\/members\//.test(line);
    if (/setCustomUserClaims\(/.test(line) || (membersHere && new RegExp(WRITE).test(line)) || writesRef?.test(line)) found.push(line.trim());
  }
  return found;
}

describe('role changes have one writer', () => {
  it('no file but tenants/member-roles.ts sets claims or writes members/{uid}', () => {
    const offenders = sourceFiles(SRC)
      .filter((f) => path.relative(SRC, f) !== THE_ONE_WRITER && path.relative(SRC, f) !== THE_OPERATOR_WRITER)
      .flatMap((f) => roleWrites(readFileSync(f, 'utf8')).map((line) => `${path.relative(SRC, f)}: ${line}`));
    expect(offenders).toEqual([]);
  });

  it('the operator command sets the operator mark only: no tenant, no role, no members record', () => {
    const writes = roleWrites(readFileSync(path.join(SRC, THE_OPERATOR_WRITER), 'utf8'));
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.filter((line) => /\btid\b|\brole\b|members/.test(line))).toEqual([]);
  });

  it('the check fires on each way of writing a role', () => {
    expect(roleWrites("await deps.auth.setCustomUserClaims(uid, { tid, role: 'admin' });")).toHaveLength(1);
    expect(roleWrites("await doc(deps.db, 'members', { tenantId, uid }).set({ role });")).toHaveLength(1);
    expect(roleWrites("const ref = doc(deps.db, 'members', { tenantId, uid });\nawait x();\ntx.delete(ref);")).toHaveLength(1);
    expect(roleWrites("const m = doc(deps.db, 'members', { tenantId, uid });\nawait m.update({ role });")).toHaveLength(1);
    expect(roleWrites('await deps.db.doc(`tenants/${t}/members/${uid}`).set({ role });')).toHaveLength(1);
    // Reading is fine.
    expect(roleWrites("const owners = await col(deps.db, 'members', { tenantId }).where('role', '==', 'owner').get();")).toEqual([]);
    expect(roleWrites(readFileSync(path.join(SRC, THE_ONE_WRITER), 'utf8')).length).toBeGreaterThan(0);
  });
});
