import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { defaultHighlightStyle, LRLanguage, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { parser as htmlParser } from '@lezer/html';

/** HTML highlighting from the Lezer grammar alone: without @codemirror/lang-html's nested JavaScript and CSS (templates have neither). */
const htmlLanguage = LRLanguage.define({ name: 'html', parser: htmlParser });

/** The template language's words (functions/src/signatures/template-syntax.ts). */
export const PLACEHOLDERS: { name: string; info: string }[] = [
  { name: 'firstName', info: 'First name' },
  { name: 'lastName', info: 'Last name' },
  { name: 'title', info: 'Job title' },
  { name: 'email', info: 'Work email' },
  { name: 'workPhone', info: 'Work phone' },
  { name: 'mobilePhone', info: 'Mobile phone' },
  { name: 'address', info: 'First site address' },
  { name: 'addresses', info: 'Every site address' },
  { name: 'groups', info: 'Groups' },
  { name: 'banner', info: 'The running campaign banner (in text only)' },
];

/** After "{{": placeholders, sections {{#x}}…{{/x}}, and joins. */
function placeholderCompletions(context: CompletionContext): CompletionResult | null {
  const word = context.matchBefore(/\{\{[#/]?\w*/);
  if (!word || (word.from === word.to && !context.explicit)) return null;
  const prefix = word.text.startsWith('{{#') ? '#' : word.text.startsWith('{{/') ? '/' : '';
  const options = PLACEHOLDERS.flatMap((p) =>
    prefix === '#'
      ? [{ label: `{{#${p.name}}}`, detail: 'section', info: `Shown only when ${p.info.toLowerCase()} has a value`, apply: `{{#${p.name}}}{{${p.name}}}{{/${p.name}}}` }]
      : prefix === '/'
        ? [{ label: `{{/${p.name}}}`, detail: 'end of section' }]
        : [{ label: `{{${p.name}}}`, detail: p.info, type: 'variable' }],
  );
  if (!prefix) options.push({ label: '{{#join " | "}}', detail: 'join', info: 'Parts separated by {{,}}; empty parts and their separators are dropped', apply: '{{#join " | "}}{{,}}{{/join}}' } as never);
  return { from: word.from, options, validFor: /^\{\{[#/]?\w*\}?\}?$/ };
}

/**
 * A CodeMirror 6 HTML editor with placeholder completion; `problems` (the API's validation
 * messages) are shown inline at the text they quote, or at the start.
 */
export class CodeEditor extends HTMLElement {
  value = '';
  label = 'HTML';
  private view: EditorView | null = null;

  connectedCallback(): void {
    if (this.view) return;
    this.view = new EditorView({
      parent: this,
      state: EditorState.create({
        doc: this.value,
        extensions: [
          lineNumbers(),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          htmlLanguage,
          syntaxHighlighting(defaultHighlightStyle),
          autocompletion({ override: [placeholderCompletions], activateOnTyping: true }),
          lintGutter(),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': this.label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) this.dispatchEvent(new CustomEvent('change', { detail: u.state.doc.toString() }));
          }),
        ],
      }),
    });
    // The scroller is a region of its own for keyboard users (axe: scrollable-region-focusable).
    this.view.scrollDOM.tabIndex = 0;
    this.view.scrollDOM.setAttribute('aria-label', `${this.label}, scrollable`);
  }

  get text(): string {
    return this.view?.state.doc.toString() ?? this.value;
  }

  set text(value: string) {
    if (!this.view) {
      this.value = value;
      return;
    }
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: value } });
  }

  /** Inserts text where the cursor is (replacing a selection), and puts the cursor after it. */
  insertAtCursor(text: string): void {
    if (!this.view) {
      this.value += text;
      return;
    }
    this.view.dispatch(this.view.state.replaceSelection(text));
    this.view.focus();
  }

  /** Shows problems inline; a message quoting text ("near \"…\"" or a tag "<img src>") points at it. */
  showProblems(messages: string[]): void {
    if (!this.view) return;
    const doc = this.view.state.doc.toString();
    const diagnostics: Diagnostic[] = messages.map((message) => {
      const quoted = /"([^"]{2,})"/.exec(message)?.[1] ?? /\{\{[^}]*\}\}/.exec(message)?.[0] ?? /<(\w+)/.exec(message)?.[0] ?? null;
      const at = quoted ? doc.indexOf(quoted) : -1;
      const from = at >= 0 ? at : 0;
      const to = at >= 0 ? at + quoted!.length : Math.min(doc.length, doc.indexOf('\n') >= 0 ? doc.indexOf('\n') : doc.length);
      return { from, to, severity: 'error', message };
    });
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
  }
}
customElements.define('h-code-editor', CodeEditor);
