import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The customer never reads an environment variable name: every AppError message reaches the
 * console (a toast, a line under a field). The class is closed here, for every error the API can
 * raise: no AppError in functions/src names an UPPER_SNAKE_CASE setting.
 */
const SRC = path.resolve('functions/src');
const ENV_NAME = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'local' ? [] : files(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

/** The argument text of each `new AppError(` call, up to its closing parenthesis. */
function appErrorCalls(source: string): string[] {
  const calls: string[] = [];
  for (let at = source.indexOf('new AppError('); at >= 0; at = source.indexOf('new AppError(', at + 1)) {
    let depth = 0;
    let end = at + 'new AppError'.length;
    for (; end < source.length; end++) {
      if (source[end] === '(') depth++;
      else if (source[end] === ')' && --depth === 0) break;
    }
    calls.push(source.slice(at, end + 1));
  }
  return calls;
}

describe('messages the customer reads', () => {
  it('no AppError names an environment variable', () => {
    const offenders = files(SRC).flatMap((file) =>
      appErrorCalls(readFileSync(file, 'utf8'))
        .filter((call) => ENV_NAME.test(call.replace(/^new AppError\('[a-z_]+'/, '').replace(/\$\{[^}]*\}/g, '')))
        .map((call) => `${path.relative(SRC, file)}: ${call.slice(0, 160)}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the scan finds what it looks for, and not interpolated constants', () => {
    expect(appErrorCalls('throw new AppError(\'invalid_argument\', `at most ${MAX_ROWS} rows`);').map((c) => ENV_NAME.test(c.replace(/\$\{[^}]*\}/g, '')))).toEqual([false]);
    expect(appErrorCalls("x; throw new AppError('failed_precondition', 'not configured (OUTLOOK_ADDIN_ORIGIN, API_ORIGIN)');").some((c) => ENV_NAME.test(c))).toBe(true);
  });
});
