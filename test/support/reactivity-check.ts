import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The console's reactivity rule, checked on the source (test/unit/console-reactivity.test.ts).
 *
 * Lit re-renders an element when one of its reactive properties changes; assigning a plain field
 * does nothing until something else re-renders it (the template preview that kept its old render
 * until Desktop/Phone/Dark was clicked). So, in every Lit element of the console:
 * - a field that other code can assign (public or protected, not readonly) is reactive
 *   (`@property()` or `@state()`);
 * - a private field that the render reads (render, the update hooks, and every method or getter
 *   they call, not the event handlers they bind) is reactive too, unless it is bookkeeping that only
 *   the lifecycle hooks write (e.g. a chart instance made in `updated`).
 * And a reactive controller (`implements ReactiveController`) exposes no assignable field: its
 * state changes through methods or setters that ask its host to update.
 */
export interface Violation {
  file: string;
  cls: string;
  field: string;
  why: string;
}

const LIT_BASES = new Set(['LitElement', 'ReactiveElement']);
const RENDER_ROOTS = ['render', 'willUpdate', 'update', 'updated', 'firstUpdated', 'shouldUpdate'];
const LIFECYCLE_WRITERS = new Set(['constructor', 'connectedCallback', 'disconnectedCallback', 'willUpdate', 'updated', 'firstUpdated']);
const REACTIVE_DECORATORS = new Set(['property', 'state']);

interface ClassInfo {
  file: string;
  node: ts.ClassDeclaration;
  name: string;
  base: string | null;
}

export function sourceFilesUnder(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFilesUnder(full));
    else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push({ file: full, text: readFileSync(full, 'utf8') });
  }
  return out;
}

const nameOf = (n: ts.PropertyName | undefined): string => (n && (ts.isIdentifier(n) || ts.isPrivateIdentifier(n) || ts.isStringLiteral(n)) ? n.text : '');
const hasModifier = (n: ts.Node, kind: ts.SyntaxKind) => (ts.canHaveModifiers(n) ? (ts.getModifiers(n) ?? []).some((m) => m.kind === kind) : false);
const decoratorNames = (n: ts.Node) =>
  (ts.canHaveDecorators(n) ? (ts.getDecorators(n) ?? []) : []).map((d) => {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  });

/** `this.x` → "x". */
function thisMember(n: ts.Node): string | null {
  if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword) return n.name.text;
  return null;
}

function isAssignmentTarget(n: ts.Node): boolean {
  const p = n.parent;
  if (ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return true;
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && [ts.SyntaxKind.PlusPlusToken, ts.SyntaxKind.MinusMinusToken].includes(p.operator)) return true;
  return false;
}

/** A function bound in a template (`@click=${() => …}`) runs on an event, not during the render. */
const isTemplateHandler = (n: ts.Node) => (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isTemplateSpan(n.parent);

function enclosingMember(n: ts.Node): string {
  for (let p: ts.Node | undefined = n.parent; p; p = p.parent) {
    if (ts.isConstructorDeclaration(p)) return 'constructor';
    if ((ts.isMethodDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isPropertyDeclaration(p)) && ts.isClassLike(p.parent)) return ts.isPropertyDeclaration(p) ? 'initializer' : nameOf(p.name);
  }
  return '';
}

export function checkReactivity(files: { file: string; text: string }[]): Violation[] {
  const classes = new Map<string, ClassInfo>();
  const sources = files.map((f) => ({ ...f, sf: ts.createSourceFile(f.file, f.text, ts.ScriptTarget.ES2022, true) }));
  for (const { file, sf } of sources) {
    const visit = (n: ts.Node): void => {
      if (ts.isClassDeclaration(n) && n.name) {
        const ext = n.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
        classes.set(n.name.text, { file, node: n, name: n.name.text, base: ext && ts.isIdentifier(ext) ? ext.text : null });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  const chain = (c: ClassInfo): ClassInfo[] => {
    const out = [c];
    for (let b = c.base ? classes.get(c.base) : undefined; b; b = b.base ? classes.get(b.base) : undefined) out.push(b);
    return out;
  };
  const isLit = (c: ClassInfo): boolean => {
    for (let cur: ClassInfo | undefined = c, guard = 0; cur && guard < 20; guard++) {
      if (cur.base && LIT_BASES.has(cur.base)) return true;
      cur = cur.base ? classes.get(cur.base) : undefined;
    }
    return false;
  };

  const violations: Violation[] = [];
  for (const c of classes.values()) {
    const fields = c.node.members.filter((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && !hasModifier(m, ts.SyntaxKind.StaticKeyword));
    const mutable = fields.filter((f) => !hasModifier(f, ts.SyntaxKind.ReadonlyKeyword));
    const isPrivate = (f: ts.PropertyDeclaration) => hasModifier(f, ts.SyntaxKind.PrivateKeyword) || ts.isPrivateIdentifier(f.name);

    if (c.node.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ImplementsKeyword && h.types.some((t) => t.expression.getText() === 'ReactiveController'))) {
      for (const f of mutable.filter((x) => !isPrivate(x) && !hasModifier(x, ts.SyntaxKind.ProtectedKeyword))) {
        violations.push({ file: c.file, cls: c.name, field: nameOf(f.name), why: 'a reactive controller exposes an assignable field: its host does not update when it is assigned (use a setter that calls host.requestUpdate())' });
      }
      continue;
    }
    if (!isLit(c)) continue;

    const reactive = (f: ts.PropertyDeclaration) => decoratorNames(f).some((d) => REACTIVE_DECORATORS.has(d));
    for (const f of mutable.filter((x) => !reactive(x) && !isPrivate(x))) {
      violations.push({ file: c.file, cls: c.name, field: nameOf(f.name), why: 'an assignable field that is not reactive: assigning it does not re-render (mark it @property() or @state(), or make it readonly)' });
    }

    // Private fields: the ones the render reads.
    const members = new Map<string, ts.Node[]>();
    for (const k of chain(c)) {
      for (const m of k.node.members) {
        if ((ts.isMethodDeclaration(m) || ts.isGetAccessor(m)) && m.body) {
          const n = nameOf(m.name);
          members.set(n, [...(members.get(n) ?? []), m.body]);
        }
      }
    }
    const read = new Set<string>();
    const seen = new Set<string>();
    const walk = (n: ts.Node): void => {
      if (isTemplateHandler(n)) return;
      const m = thisMember(n);
      if (m && !isAssignmentTarget(n)) {
        read.add(m);
        if (!seen.has(m) && members.has(m)) {
          seen.add(m);
          members.get(m)!.forEach(walk);
        }
      }
      ts.forEachChild(n, walk);
    };
    for (const root of RENDER_ROOTS) {
      if (members.has(root) && !seen.has(root)) {
        seen.add(root);
        members.get(root)!.forEach(walk);
      }
    }
    const writers = new Map<string, Set<string>>();
    const findWrites = (n: ts.Node): void => {
      const m = thisMember(n);
      if (m && isAssignmentTarget(n)) writers.set(m, (writers.get(m) ?? new Set()).add(enclosingMember(n)));
      ts.forEachChild(n, findWrites);
    };
    findWrites(c.node);
    for (const f of mutable.filter((x) => !reactive(x) && isPrivate(x))) {
      const name = nameOf(f.name);
      if (!read.has(name)) continue;
      const writtenBy = [...(writers.get(name) ?? [])];
      if (writtenBy.every((w) => LIFECYCLE_WRITERS.has(w) || w === 'initializer')) continue;
      violations.push({ file: c.file, cls: c.name, field: name, why: `the render reads it, but ${writtenBy.join(', ')} assign${writtenBy.length === 1 ? 's' : ''} it without re-rendering (mark it @state())` });
    }
  }
  return violations;
}
