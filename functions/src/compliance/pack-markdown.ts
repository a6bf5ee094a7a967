import type { Block, PackDocument } from './pack-document.js';

/** A table cell: pipes escaped, line breaks as <br> (GitHub and most renderers show them). */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, '<br>');

function block(b: Block): string[] {
  switch (b.kind) {
    case 'heading':
      return [`## ${b.text}`, ''];
    case 'subheading':
      return [`### ${b.text}`, ''];
    case 'paragraph':
      return [b.text, ''];
    case 'list':
      return [...b.items.map((i) => `- ${i}`), ''];
    case 'facts':
      return [...b.items.map(([k, v]) => `- **${k}:** ${v}`), ''];
    case 'table':
      return [`| ${b.head.map(cell).join(' | ')} |`, `|${b.head.map(() => '---').join('|')}|`, ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`), ''];
  }
}

export function documentMarkdown(doc: PackDocument): string {
  return [`# ${doc.title}`, '', ...doc.blocks.flatMap(block)].join('\n');
}

/** The whole pack in one file: each document under its own top-level heading. */
export function packMarkdown(docs: PackDocument[]): string {
  return docs.map(documentMarkdown).join('\n');
}
