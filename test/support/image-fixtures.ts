import sharp from 'sharp';

/** Test images made with sharp, carrying the metadata a hosted copy must lose (fictitious camera, place and note). */
export const MARKS = { camera: 'Fictitious Camera 9000', note: 'secret-place-note' } as const;
const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>${MARKS.note}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>`;
const EXIF = { IFD0: { Make: MARKS.camera, ImageDescription: MARKS.note }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' } };

const canvas = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: { r: 11, g: 92, b: 173, alpha: 1 } } }).composite([
    { input: { create: { width: Math.max(1, Math.floor(width / 3)), height: Math.max(1, Math.floor(height / 2)), channels: 4, background: '#ffcc00' } }, left: 0, top: 0 },
  ]);

/** A PNG with EXIF (camera, GPS) and XMP. */
export const pngWithMetadata = (width = 600, height = 120) => canvas(width, height).png().withExif(EXIF).withXmp(XMP).toBuffer();

/** A JPEG with EXIF (camera, GPS), XMP, and orientation 6 (shown turned a quarter clockwise). */
export const jpegWithMetadata = (width = 300, height = 100) => canvas(width, height).jpeg().withExif(EXIF).withXmp(XMP).withMetadata({ orientation: 6 }).toBuffer();

export const gif = (width = 120, height = 40) => canvas(width, height).gif().toBuffer();
export const webp = () => canvas(60, 20).webp().toBuffer();
export const svg = () => Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="600" height="120"><rect width="600" height="120" fill="#0b5cad"/></svg>');

/**
 * A PNG whose header claims `width` × `height` but whose pixel data is a few bytes: what a
 * decompression bomb looks like before anyone decodes it. Refused from the header alone, it never
 * reaches the decoder (which would call it damaged).
 */
export async function pngHeaderOnly(width: number, height: number): Promise<Buffer> {
  const real = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer();
  const out = Buffer.from(real);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  // The IHDR chunk's CRC (bytes 12..28 → 29..32) made right again, so only the size is a lie.
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
