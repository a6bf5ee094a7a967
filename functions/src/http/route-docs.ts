import type { RouteHead } from './route.js';

/** The route table as a Markdown table, for the README (a test keeps the README in step). */
export function routesMarkdown(table: readonly RouteHead[]): string {
  const rows = table.map((r) => `| \`${r.method.toUpperCase()} /api${r.path}\` | ${r.access} | ${r.summary} |`);
  return ['| route | who may call | what it does |', '|---|---|---|', ...rows].join('\n');
}
