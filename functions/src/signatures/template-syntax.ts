/**
 * The template language: `{{field}}` placeholders, `{{#field}}…{{/field}}` sections shown only when
 * the field (or, with `{{#a|b}}`, any of the fields) has a value, and `{{#join " | "}}a{{,}}b{{/join}}`
 * which drops blank parts and puts the separator only between the parts left, so an empty optional
 * field never leaves a dangling label or separator. Sections are applied to the template text
 * before any value is inserted, so a value can never open or close a section.
 */

/** The eight directory fields, plus `address` (the first address) and the active banner. */
export const PLACEHOLDERS = ['email', 'firstName', 'lastName', 'title', 'workPhone', 'mobilePhone', 'address', 'addresses', 'groups', 'banner'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const PLACEHOLDER_RE = /\{\{\s*([A-Za-z]+)\s*\}\}/g;
const TOKEN_RE = /\{\{\s*(#join\s+"([^"]*)"|,|\/join|[#/][A-Za-z|]+|[A-Za-z]+)\s*\}\}/g;
const STRAY_RE = /\{\{|\}\}/;

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'section'; names: Placeholder[]; children: Node[] }
  | { kind: 'join'; separator: string; parts: Node[][] };

export function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

export interface ParseResult {
  nodes: Node[];
  errors: string[];
}

/** Parses the section structure; placeholders stay in the text for the renderer. */
export function parseTemplate(source: string): ParseResult {
  const errors: string[] = [];
  const root: Node[] = [];
  type Frame = { open: string; node: Extract<Node, { kind: 'section' | 'join' }>; target: Node[] };
  const stack: Frame[] = [];
  const current = () => stack[stack.length - 1]?.target ?? root;
  const pushText = (text: string) => {
    if (!text) return;
    if (STRAY_RE.test(text.replace(PLACEHOLDER_RE, ''))) errors.push(`unreadable {{…}} near "${text.slice(0, 40)}"`);
    current().push({ kind: 'text', text });
  };

  let last = 0;
  for (const match of source.matchAll(TOKEN_RE)) {
    const token = match[1]!;
    pushText(source.slice(last, match.index));
    last = match.index! + match[0].length;
    if (token.startsWith('#join')) {
      const node: Node = { kind: 'join', separator: match[2]!, parts: [[]] };
      current().push(node);
      stack.push({ open: 'join', node, target: node.parts[0]! });
    } else if (token === ',') {
      const top = stack[stack.length - 1];
      if (top?.node.kind !== 'join') {
        errors.push('{{,}} outside a {{#join}} section');
        continue;
      }
      const part: Node[] = [];
      top.node.parts.push(part);
      top.target = part;
    } else if (token.startsWith('#')) {
      const names = token.slice(1).split('|');
      const unknown = names.filter((n) => !isPlaceholder(n));
      if (unknown.length) errors.push(`unknown placeholder ${unknown.map((n) => `{{${n}}}`).join(', ')} in a section`);
      const node: Node = { kind: 'section', names: names.filter(isPlaceholder), children: [] };
      current().push(node);
      stack.push({ open: token.slice(1), node, target: node.children });
    } else if (token.startsWith('/')) {
      const name = token.slice(1);
      const top = stack.pop();
      if (!top) errors.push(`{{/${name}}} closes nothing`);
      else if (top.open !== name) errors.push(`{{/${name}}} closes {{#${top.open}}}`);
    } else {
      if (!isPlaceholder(token)) errors.push(`unknown placeholder {{${token}}}`);
      current().push({ kind: 'text', text: match[0] });
    }
  }
  pushText(source.slice(last));
  for (const frame of stack.reverse()) errors.push(`{{#${frame.open}}} is never closed`);
  return { nodes: root, errors };
}

/** The separators a join inserts would pass the caller's limit: the rendering would be too long. */
export class SeparatorsTooLong extends Error {
  constructor() {
    super('join separators exceed the output limit');
    this.name = 'SeparatorsTooLong';
  }
}

/**
 * Applies sections and joins for one user: `present(name)` tells whether a placeholder has a
 * value. The result still holds `{{placeholder}}`s, for the context-aware renderer. Every node's
 * text is used at most once, so only join separators can make the result longer than the
 * template: they are counted, and past `maxSeparatorChars` SeparatorsTooLong is thrown (a
 * template of 50,000 characters could otherwise repeat one separator into gigabytes).
 */
export function applySections(nodes: Node[], present: (name: Placeholder) => boolean, maxSeparatorChars = Infinity): string {
  return applyAll(nodes, present, { left: maxSeparatorChars });
}

function applyAll(nodes: Node[], present: (name: Placeholder) => boolean, budget: { left: number }): string {
  return nodes.map((node) => applyNode(node, present, budget)).join('');
}

function applyNode(node: Node, present: (name: Placeholder) => boolean, budget: { left: number }): string {
  if (node.kind === 'text') return node.text;
  if (node.kind === 'section') return node.names.some(present) ? applyAll(node.children, present, budget) : '';
  const parts = node.parts.map((part) => applyAll(part, present, budget)).filter((part) => !isBlank(part, present));
  budget.left -= node.separator.length * Math.max(0, parts.length - 1);
  if (budget.left < 0) throw new SeparatorsTooLong();
  return parts.join(node.separator);
}

/** Blank: nothing visible (no text, no image) once tags and empty placeholders are removed. */
function isBlank(html: string, present: (name: Placeholder) => boolean): boolean {
  const visible = html
    .replace(/<img\b[^>]*>/gi, 'x')
    .replace(/<[^>]*>/g, '')
    .replace(PLACEHOLDER_RE, (whole, name: string) => (isPlaceholder(name) && present(name) ? 'x' : ''))
    .replace(/&nbsp;|&#160;/g, '');
  return visible.trim() === '';
}
