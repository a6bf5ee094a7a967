import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkReactivity, sourceFilesUnder } from '../support/reactivity-check.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const line = (v: { cls: string; field: string }) => `${v.cls}.${v.field}`;

/** The class of bug behind "the preview does not follow the editor": see test/support/reactivity-check.ts. */
describe('console reactivity: what a render reads re-renders when it changes', () => {
  it('every Lit element of the console and the add-in keeps the rule', () => {
    const found = checkReactivity([...sourceFilesUnder(path.join(ROOT, 'hosting/src')), ...sourceFilesUnder(path.join(ROOT, 'outlook-addin/src'))]);
    expect(found.map((v) => `${path.relative(ROOT, v.file)}: ${line(v)}: ${v.why}`)).toEqual([]);
  });

  it('the decorators work as Lit needs in the build (assigned fields, TypeScript decorators)', () => {
    const { config } = ts.readConfigFile(path.join(ROOT, 'hosting/tsconfig.json'), (f) => readFileSync(f, 'utf8'));
    expect(config.compilerOptions.experimentalDecorators).toBe(true);
    expect(config.compilerOptions.useDefineForClassFields).toBe(false);
  });

  it('catches each kind of mistake', () => {
    const file = 'fixture.ts';
    const text = `
      import { LitElement, html } from 'lit';
      import { property, state } from 'lit/decorators.js';
      abstract class Base extends LitElement {}
      class Preview extends Base {
        html = '';                                   // an input set by a parent: not reactive
        @property({ attribute: false }) label = '';  // fine
        readonly fixed = 1;                          // fine
        private shown = '';                          // read by the render, set by an event handler
        private seq = 0;                             // never read by the render: fine
        private chart: object | null = null;         // lifecycle bookkeeping: fine
        @state() private mode = 'desktop';           // fine
        private timer = 0;                           // only a handler reads it: fine
        render() { return html\`\${this.body()}<button @click=\${() => { this.shown = 'x'; this.seq++; clearTimeout(this.timer); }}>\${this.mode}</button>\`; }
        private body() { return [this.html, this.label, this.fixed].map((x) => html\`\${x}\${this.shown}\`); }
        updated() { if (!this.chart) this.chart = {}; }
      }
      class Store { value = 1; }                     // not an element, not a controller: not checked
      class Loader implements ReactiveController {
        value: number | undefined;                   // assignable state of a controller
        private hidden = 0;
        get total() { return this.hidden; }
        hostConnected() {}
      }
    `;
    expect(checkReactivity([{ file, text }]).map(line).sort()).toEqual(['Loader.value', 'Preview.html', 'Preview.shown']);
  });
});
