/**
 * The designer's social glyphs: neutral shapes Herald draws itself (no third-party marks), white on
 * a grey disc that keeps 3:1 against both a white and a #1f1f1f mail background. Drawn at 48 px
 * (shown at 24) with 4×4 supersampling, encoded as PNG with fast-png. Email clients drop data: URIs
 * and SVG, so these are files the console serves at a stable address (hosting/public/social).
 */
import { encode } from 'fast-png';
import type { SocialKind } from '../../functions/src/api-types.js';

export const ICON_PIXELS = 48;
/** Contrast 4.95:1 on white and 3.33:1 on #1f1f1f (checked in test/unit/template-designer.test.ts). */
export const ICON_DISC = '#707070';

type Shape = (x: number, y: number) => boolean;

const segment = (ax: number, ay: number, bx: number, by: number, width: number): Shape => (x, y) => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= width / 2;
};
const disc = (cx: number, cy: number, r: number): Shape => (x, y) => Math.hypot(x - cx, y - cy) <= r;
const ring = (cx: number, cy: number, rx: number, ry: number, width: number): Shape => (x, y) => {
  const d = Math.hypot((x - cx) / rx, (y - cy) / ry);
  return Math.abs(d - 1) * Math.min(rx, ry) <= width / 2;
};
const roundRect = (x0: number, y0: number, x1: number, y1: number, r: number): Shape => (x, y) => {
  const qx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const qy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && Math.hypot(qx, qy) <= r;
};
const triangle = (pts: [number, number][]): Shape => (x, y) => {
  const s = pts.map(([ax, ay], i) => {
    const [bx, by] = pts[(i + 1) % 3]!;
    return (bx - ax) * (y - ay) - (by - ay) * (x - ax);
  });
  return s.every((v) => v >= 0) || s.every((v) => v <= 0);
};
const union = (...shapes: Shape[]): Shape => (x, y) => shapes.some((s) => s(x, y));
const minus = (a: Shape, b: Shape): Shape => (x, y) => a(x, y) && !b(x, y);

const GLYPHS: Record<SocialKind, Shape> = {
  website: union(ring(24, 24, 13, 13, 2.6), ring(24, 24, 5.5, 13, 2.4), segment(11, 24, 37, 24, 2.4), segment(13, 17.5, 35, 17.5, 2), segment(13, 30.5, 35, 30.5, 2)),
  network: union(segment(16, 24, 32, 15, 2.6), segment(16, 24, 32, 33, 2.6), disc(16, 24, 4.5), disc(32, 15, 4.5), disc(32, 33, 4.5)),
  video: triangle([[19, 14], [19, 34], [35, 24]]),
  photos: minus(union(roundRect(11, 17, 37, 35, 3), roundRect(18, 13, 30, 19, 2)), union(ring(24, 26, 5.5, 5.5, 2.6), disc(24, 26, 3))),
  chat: union(roundRect(11, 13, 37, 31, 5), triangle([[16, 29], [24, 29], [15, 37]])),
};

function hex(color: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
}

/** One icon's PNG bytes: the disc, the glyph knocked out in white, anti-aliased edges. */
export function drawSocialIcon(kind: SocialKind): Uint8Array {
  const size = ICON_PIXELS;
  const data = new Uint8Array(size * size * 4);
  const [gr, gg, gb] = hex(ICON_DISC);
  const inDisc = disc(24, 24, 23.5);
  const glyph = GLYPHS[kind];
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let cover = 0;
      let white = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = px + (sx + 0.5) / n;
          const y = py + (sy + 0.5) / n;
          if (!inDisc(x, y)) continue;
          cover++;
          if (glyph(x, y)) white++;
        }
      }
      const o = (py * size + px) * 4;
      const w = cover ? white / cover : 0;
      data[o] = Math.round(gr + (255 - gr) * w);
      data[o + 1] = Math.round(gg + (255 - gg) * w);
      data[o + 2] = Math.round(gb + (255 - gb) * w);
      data[o + 3] = Math.round((255 * cover) / (n * n));
    }
  }
  return encode({ width: size, height: size, data, channels: 4, depth: 8 });
}
