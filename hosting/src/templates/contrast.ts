import { ColorSpace, contrastWCAG21, OKLCH, parse, serialize, sRGB, to, toGamut } from 'colorjs.io/fn';

ColorSpace.register(sRGB);
ColorSpace.register(OKLCH);

/**
 * Readability of a signature on the two backgrounds it meets: a light mail view (white) and a dark
 * one. #1f1f1f is the console's dark preview; the clients sit around it (Gmail for iOS #141414,
 * Outlook for iOS #202124, Outlook for Mac #1c1c1c, Outlook.com #2d2d2d).
 *
 * One fixed colour cannot give text 4.5:1 on both: against #1f1f1f the best any colour reaches on
 * both at once is about 4.06:1. So text that sits on the mail's own background carries no colour
 * (it inherits the client's, which dark modes flip); a colour given to text comes with a background
 * of its own (the brand pill). The brand colour itself meets the mail's background only as a
 * line, pill or edge: a graphic, which needs 3:1 (WCAG 1.4.11) on both backgrounds.
 */
export const LIGHT_BACKGROUND = '#ffffff';
export const DARK_BACKGROUND = '#1f1f1f';
/** The default text colours a mail view gives uncoloured text (as the console's preview does). */
export const LIGHT_TEXT = '#222222';
export const DARK_TEXT = '#e8e8e8';
export const TEXT_MIN_CONTRAST = 4.5;
export const GRAPHIC_MIN_CONTRAST = 3;

export function contrastRatio(a: string, b: string): number {
  return contrastWCAG21(parse(a), parse(b));
}

/** Black or white, whichever reads better on `background` (one of them always reaches 4.58:1). */
export function textColorOn(background: string): '#ffffff' | '#000000' {
  return contrastRatio(background, '#ffffff') >= contrastRatio(background, '#000000') ? '#ffffff' : '#000000';
}

export interface BrandCheck {
  onLight: number;
  onDark: number;
  ok: boolean;
  /** The nearest shade (same hue and chroma, other lightness) that passes both, when this one fails. */
  suggestion: string | null;
}

function passesBoth(hex: string): boolean {
  return contrastRatio(hex, LIGHT_BACKGROUND) >= GRAPHIC_MIN_CONTRAST && contrastRatio(hex, DARK_BACKGROUND) >= GRAPHIC_MIN_CONTRAST;
}

function toHex(color: ReturnType<typeof parse>): string {
  return serialize(toGamut(to(color, 'srgb')), { format: 'hex', collapse: false }).toLowerCase();
}

/** Walks the lightness (OKLCH, so the hue stays what the eye calls the same) outwards from the colour's own. */
export function nearestPassingShade(hex: string): string | null {
  if (passesBoth(hex)) return hex.toLowerCase();
  const oklch = to(parse(hex), 'oklch');
  const [l, c, h] = oklch.coords;
  for (let step = 0.005; step <= 1; step += 0.005) {
    for (const next of [(l ?? 0) - step, (l ?? 0) + step]) {
      if (next < 0 || next > 1) continue;
      const candidate = toHex(parse(`oklch(${next} ${c ?? 0} ${Number.isNaN(h) ? 0 : (h ?? 0)})`));
      if (passesBoth(candidate)) return candidate;
    }
  }
  return null;
}

export function checkBrandColor(hex: string): BrandCheck {
  const onLight = contrastRatio(hex, LIGHT_BACKGROUND);
  const onDark = contrastRatio(hex, DARK_BACKGROUND);
  const ok = onLight >= GRAPHIC_MIN_CONTRAST && onDark >= GRAPHIC_MIN_CONTRAST;
  return { onLight, onDark, ok, suggestion: ok ? null : nearestPassingShade(hex) };
}
