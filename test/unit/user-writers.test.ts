import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Directory search reads the search keys stored on each user (core/search-keys.ts). A whole write
 * through the catalog derives them (the user schema's transform) and the users converter refuses a
 * partial write of a name or email without them; `update()` skips converters, so this test refuses
 * any file of the server that writes a user document other than the writers below, each of which
 * computes the keys with searchKeysOf. A new writer must join them (and compute the keys).
 */
const SRC = path.resolve(import.meta.dirname, '../../functions/src');
const WRITERS = ['directory/apply-users.ts', 'directory/edit-profile.ts', 'directory/backfill-search-keys.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

// Deleting a user (erasure, removal) leaves no keys behind: not a write here.
const WRITE = String.raw`\.(?:set|update|create|add)\(`;

/** The lines of `text` that write a user document (by reference or path). */
function userWrites(text: string): string[] {
  const refs = [...text.matchAll(/(?:const|let)\s+(\w+)\s*=\s*(?:doc|col)\([^;]*'users'/g)].map((m) => m[1]!);
  const writesRef = refs.length ? new RegExp(String.raw`\b(?:${refs.join('|')})\b(?:\.doc\([^)]*\))?${WRITE}|${WRITE}\s*(?:${refs.join('|')})\b`) : null;
  return text
    .split('\n')
    .filter((line) => ((/(?:doc|col)\([^)]*'users'|[`'"][^`'"]*\/users\//.test(line) && new RegExp(WRITE).test(line)) || writesRef?.test(line)))
    .map((line) => line.trim());
}

describe('user documents have known writers, each storing the search keys', () => {
  it('no other file of the server writes a user document', () => {
    const offenders = sourceFiles(SRC)
      .filter((f) => !WRITERS.includes(path.relative(SRC, f)))
      .flatMap((f) => userWrites(readFileSync(f, 'utf8')).map((line) => `${path.relative(SRC, f)}: ${line}`));
    expect(offenders).toEqual([]);
  });

  it('each writer computes the keys', () => {
    for (const w of WRITERS) expect(readFileSync(path.join(SRC, w), 'utf8'), w).toContain('searchKeysOf(');
  });

  it('the check fires on each way of writing a user', () => {
    expect(userWrites("await doc(deps.db, 'users', { tenantId, userId }).update({ firstName });")).toHaveLength(1);
    expect(userWrites("const ref = doc(deps.db, 'users', { tenantId, userId });\nawait x();\ntx.update(ref, { lastName });")).toHaveLength(1);
    expect(userWrites("const users = col(deps.db, 'users', { tenantId });\nb.set(users.doc(id), patch, { merge: true });")).toHaveLength(1);
    expect(userWrites("const users = col(deps.db, 'users', { tenantId });\nawait users.doc(id).update({ email });")).toHaveLength(1);
    expect(userWrites('await deps.db.doc(`tenants/${t}/users/${id}`).update({ firstName });')).toHaveLength(1);
    expect(userWrites("const users = col(deps.db, 'users', { tenantId });\nconst snap = await users.where('email', '==', e).get();")).toEqual([]);
    expect(userWrites(readFileSync(path.join(SRC, 'directory/apply-users.ts'), 'utf8')).length).toBeGreaterThan(0);
    expect(userWrites(readFileSync(path.join(SRC, 'directory/edit-profile.ts'), 'utf8')).length).toBeGreaterThan(0);
  });
});
