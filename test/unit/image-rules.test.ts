import { describe, expect, it } from 'vitest';
import { dimensionProblem, refusalReason, sizeProblem, sniffImage } from '../../functions/src/images/image-rules.js';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('image types are read from the first bytes', () => {
  it.each([
    ['png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'rest')],
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF')],
    ['gif', bytes('GIF89a', [1, 0, 1, 0])],
    ['gif', bytes('GIF87a', [1, 0, 1, 0])],
    ['webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')],
    ['avif', bytes([0, 0, 0, 0x1c], 'ftypavif')],
    ['heic', bytes([0, 0, 0, 0x18], 'ftypheic')],
    ['bmp', bytes('BM', [0, 0, 0, 0])],
    ['tiff', bytes([0x49, 0x49, 0x2a, 0x00])],
    ['svg', bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
    ['svg', bytes([0xef, 0xbb, 0xbf], '  \n<?xml version="1.0"?><!-- made by hand --><!DOCTYPE svg><svg width="1"></svg>')],
    ['unknown', bytes('<html><body>not an image</body></html>')],
    ['unknown', bytes('%PDF-1.7')],
  ])('%s', (type, data) => {
    expect(sniffImage(data)).toBe(type);
  });

  it('refuses every type but PNG, JPEG and GIF with a reason that says what to do', () => {
    for (const t of ['png', 'jpeg', 'gif'] as const) expect(refusalReason(t)).toBeNull();
    for (const t of ['svg', 'webp', 'avif', 'heic', 'bmp', 'tiff', 'ico', 'unknown'] as const) expect(refusalReason(t)).toMatch(/PNG/);
    expect(refusalReason('svg')).toMatch(/Gmail and Outlook do not display SVG/);
  });

  it('names the limits in words', () => {
    expect(sizeProblem(5 * 1024 * 1024)).toBeNull();
    expect(sizeProblem(5 * 1024 * 1024 + 1)).toMatch(/at most 5 MB/);
    expect(dimensionProblem(5000, 3200)).toBeNull();
    expect(dimensionProblem(5001, 10)).toMatch(/each side can be at most 5,000 pixels/);
    expect(dimensionProblem(600, 150, 200)).toMatch(/18,000,000 pixels over its 200 frames; the limit is 16,000,000/);
  });
});
