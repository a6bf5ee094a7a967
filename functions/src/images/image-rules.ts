/**
 * What a hosted image may be, in one place: the formats Gmail and Outlook both display, the limits,
 * and the words a customer reads when a file is refused. Loads nothing (the console mirrors the
 * byte limit through the `ImageMaxBytes` type in api-types.ts).
 */
export const MB = 1024 * 1024;

export const IMAGE_LIMITS = {
  /** The uploaded file, as sent. */
  bytes: 5 * MB,
  /** Each side, in pixels: a signature banner is about 600 px wide; a phone photo (4032 × 3024) still fits. */
  side: 5000,
  /** Pixels over all frames (an animated GIF counts every frame): checked from the header, before any decoding. */
  pixels: 16_000_000,
} as const;
export type ImageMaxBytes = typeof IMAGE_LIMITS.bytes;

/** The formats kept as they are (re-encoded, metadata dropped). */
export const HOSTED_TYPES = {
  png: { contentType: 'image/png', ext: 'png' },
  jpeg: { contentType: 'image/jpeg', ext: 'jpg' },
  gif: { contentType: 'image/gif', ext: 'gif' },
} as const;
export type HostedType = keyof typeof HOSTED_TYPES;
export const EXT_TYPES: Record<string, HostedType> = { png: 'png', jpg: 'jpeg', gif: 'gif' };

/** What the first bytes say the file is; the name and the declared Content-Type are never read. */
export type SniffedType = HostedType | 'svg' | 'webp' | 'avif' | 'heic' | 'bmp' | 'tiff' | 'ico' | 'unknown';

const startsWith = (b: Buffer, bytes: number[], at = 0) => bytes.every((x, i) => b[at + i] === x);
const ascii = (b: Buffer, from: number, to: number) => b.subarray(from, to).toString('latin1');

/** Magic numbers of the image formats (and of SVG, which is XML text). */
export function sniffImage(b: Buffer): SniffedType {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (ascii(b, 4, 8) === 'ftyp') {
    const brand = ascii(b, 8, 12);
    if (brand === 'avif' || brand === 'avis') return 'avif';
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'heic';
  }
  if (ascii(b, 0, 2) === 'BM') return 'bmp';
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(b, [0x00, 0x00, 0x01, 0x00])) return 'ico';
  // SVG is XML text: a BOM, blanks, an XML declaration or comments may come before <svg.
  const head = b.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (head.startsWith('<') && /<svg[\s>]/.test(head)) return 'svg';
  return 'unknown';
}

/** Why a file of this type is refused, in the customer's words; null for the hosted types. */
export function refusalReason(type: SniffedType): string | null {
  switch (type) {
    case 'png':
    case 'jpeg':
    case 'gif':
      return null;
    case 'svg':
      return 'This is an SVG image. Gmail and Outlook do not display SVG images in e-mail, so recipients would see a blank space. Export it as PNG (for logos and flat colours) or JPEG (for photos) and upload that.';
    case 'webp':
      return 'This is a WebP image. Outlook for Windows and some other mail apps do not display WebP, so many recipients would see a blank space. Save it as PNG or JPEG and upload that.';
    case 'avif':
    case 'heic':
      return `This is an ${type.toUpperCase()} image. Most mail apps, including Outlook, do not display it. Save it as PNG or JPEG and upload that.`;
    case 'bmp':
    case 'tiff':
    case 'ico':
      return `This is a ${type.toUpperCase()} file, which mail apps do not reliably display. Save it as PNG or JPEG and upload that.`;
    default:
      return 'This file is not an image we can host. Upload a PNG, JPEG or GIF image.';
  }
}

export function formatBytes(n: number): string {
  return n >= MB ? `${+(n / MB).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

const grouped = (n: number) => n.toLocaleString('en-US');

/** Why an image of this size is refused (naming the limit), or null. `frames`: an animated GIF's pages. */
export function dimensionProblem(width: number, height: number, frames = 1): string | null {
  if (width > IMAGE_LIMITS.side || height > IMAGE_LIMITS.side)
    return `This image is ${grouped(width)} × ${grouped(height)} pixels; each side can be at most ${grouped(IMAGE_LIMITS.side)} pixels. Resize it (a signature banner is usually about 600 pixels wide) and upload it again.`;
  const pixels = width * height * frames;
  if (pixels > IMAGE_LIMITS.pixels)
    return `This image has ${grouped(pixels)} pixels${frames > 1 ? ` over its ${frames} frames` : ''}; the limit is ${grouped(IMAGE_LIMITS.pixels)} pixels. Make it smaller${frames > 1 ? ' or use fewer frames' : ''} and upload it again.`;
  return null;
}

export function sizeProblem(bytes: number): string | null {
  if (bytes === 0) return 'This file is empty. Choose a PNG, JPEG or GIF image.';
  if (bytes > IMAGE_LIMITS.bytes) return `This file is ${formatBytes(bytes)}; an image can be at most ${formatBytes(IMAGE_LIMITS.bytes)}. Save it smaller (or as JPEG) and upload it again.`;
  return null;
}
