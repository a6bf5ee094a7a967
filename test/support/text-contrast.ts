/**
 * Every piece of text in a signature with the colour and background it gets in a light and in a
 * dark mail view. Text with no colour of its own takes the view's (#222 on white, #e8e8e8 on
 * #1f1f1f, as the console's preview); a link with no colour takes the browser's link blue; a
 * background is the nearest one an ancestor declares, else the view's.
 */
import { Parser } from 'htmlparser2';
import { DARK_BACKGROUND, DARK_TEXT, LIGHT_BACKGROUND, LIGHT_TEXT, contrastRatio } from '../../hosting/src/templates/contrast.js';

const LINK_BLUE = '#0000ee';
const VOID = new Set(['br', 'img', 'hr']);

interface Frame {
  tag: string;
  color?: string;
  background?: string;
}
export interface TextContrast {
  text: string;
  mode: 'light' | 'dark';
  color: string;
  background: string;
  ratio: number;
}

function styleOf(style: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const decl of (style ?? '').split(';')) {
    const i = decl.indexOf(':');
    if (i > 0) out[decl.slice(0, i).trim().toLowerCase()] = decl.slice(i + 1).trim().toLowerCase();
  }
  return out;
}

export function textContrasts(html: string): TextContrast[] {
  const stack: Frame[] = [];
  const found: TextContrast[] = [];
  const parser = new Parser({
    onopentag(tag, attrs) {
      const style = styleOf(attrs.style);
      const frame: Frame = { tag, color: style.color ?? attrs.color, background: style['background-color'] ?? style.background ?? attrs.bgcolor };
      if (!VOID.has(tag)) stack.push(frame);
    },
    onclosetag(tag) {
      if (VOID.has(tag)) return;
      const i = stack.map((f) => f.tag).lastIndexOf(tag);
      if (i >= 0) stack.splice(i);
    },
    ontext(raw) {
      const text = raw.trim();
      if (!text) return;
      let color: string | undefined;
      for (let i = stack.length - 1; i >= 0 && !color; i--) {
        const f = stack[i]!;
        if (f.color && f.color !== 'inherit') color = f.color;
        else if (!f.color && f.tag === 'a') color = LINK_BLUE;
      }
      const background = [...stack].reverse().find((f) => f.background)?.background;
      for (const mode of ['light', 'dark'] as const) {
        const fg = color ?? (mode === 'light' ? LIGHT_TEXT : DARK_TEXT);
        const bg = background ?? (mode === 'light' ? LIGHT_BACKGROUND : DARK_BACKGROUND);
        found.push({ text, mode, color: fg, background: bg, ratio: contrastRatio(fg, bg) });
      }
    },
  }, { decodeEntities: true, recognizeSelfClosing: true });
  parser.end(html);
  return found;
}
