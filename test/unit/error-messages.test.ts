import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Issue 21: a customer never reads an API route or an environment variable name. Every message an
 * AppError (an API answer) or a JobHeldError (a held job, shown in the console) is built with is
 * read from the source with the TypeScript parser, and its literal text may name neither: the step
 * that fixes a refusal is a `fix` the console turns into a button (core/errors.ts FIXES).
 */
const SRC = path.resolve(import.meta.dirname, '../../functions/src');
const CUSTOMER_FACING = new Set(['AppError', 'JobHeldError']);
/** Errors of the route table's own assembly, thrown at start-up to the developer, never answered. */
const DEVELOPER_ONLY = new Set(['api/route-table.ts']);

const ROUTE = /\/api\/|\b(?:GET|POST|PUT|PATCH|DELETE)\s+\//;
const ENV_VAR = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The literal text of an expression: string literals and the fixed parts of template literals. */
function literalText(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  const parts: string[] = [];
  node.forEachChild((child) => void parts.push(...literalText(child)));
  return parts;
}

/** Every customer-facing error message in a source file, with what is wrong with it. */
export function badMessages(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && CUSTOMER_FACING.has(node.expression.text)) {
      const message = node.arguments?.[1];
      if (message) {
        const text = literalText(message).join('…');
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        if (ROUTE.test(text)) found.push(`${fileName}:${line} names an API route: ${text}`);
        const env = ENV_VAR.exec(text);
        if (env) found.push(`${fileName}:${line} names ${env[0]}: ${text}`);
      }
    }
    node.forEachChild(visit);
  };
  visit(source);
  return found;
}

describe('error messages speak to the customer', () => {
  it('no AppError or held job names an API route or an environment variable', () => {
    const offenders = sourceFiles(SRC)
      .map((f) => path.relative(SRC, f))
      .filter((f) => !DEVELOPER_ONLY.has(f))
      .flatMap((f) => badMessages(f, readFileSync(path.join(SRC, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the check fires on each way of writing such a message', () => {
    expect(badMessages('a.ts', "throw new AppError('failed_precondition', 'save the settings first (PUT /api/directory/settings)');")).toHaveLength(1);
    expect(badMessages('a.ts', 'throw new AppError("failed_precondition", `connect first (POST /tenant/${kind}/connect)`);')).toHaveLength(1);
    expect(badMessages('a.ts', "throw new AppError('unavailable',\n  'not configured in this region (GMAIL_ADDON_CLIENT_ID)');")).toHaveLength(1);
    expect(badMessages('a.ts', "throw new JobHeldError('held', 'set ' + 'OUTLOOK_ADDIN_ORIGIN' + ' first');")).toHaveLength(1);
    expect(badMessages('a.ts', "throw new AppError('conflict', ok ? 'fine' : 'see /api/jobs/1');")).toHaveLength(1);
    expect(badMessages('a.ts', "x; throw new AppError('failed_precondition', 'not configured (OUTLOOK_ADDIN_ORIGIN, API_ORIGIN)');")).toHaveLength(1);
    // Interpolated constants and plain sentences are fine.
    expect(badMessages('a.ts', 'throw new AppError("payload_too_large", `at most ${MAX_ROWS} rows per file`);')).toEqual([]);
    expect(badMessages('a.ts', "throw new AppError('invalid_argument', `at most ${MAX_ROWS} rows`);")).toEqual([]);
    expect(badMessages('a.ts', "throw new AppError('failed_precondition', 'Connect Microsoft 365 first.', { fix: 'connect_microsoft' });")).toEqual([]);
  });
});
