import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import { AppError } from '../core/errors.js';
import { dimensionProblem, HOSTED_TYPES, IMAGE_LIMITS, refusalReason, sizeProblem, sniffImage, type HostedType } from './image-rules.js';

export interface ProcessedImage {
  data: Buffer;
  type: HostedType;
  contentType: string;
  ext: string;
  width: number;
  height: number;
  /** Hex SHA-256 of the re-encoded bytes (the first 32 characters name the file). */
  sha256: string;
}

/** Libvips decodes in its own threads; a single request never needs more than one. */
sharp.concurrency(1);

/**
 * From the uploaded bytes to the bytes we host, through sharp (libvips):
 * 1. the size, then the type from the first bytes (never the file name or the Content-Type): PNG,
 *    JPEG and GIF go on; SVG, WebP and the rest are refused with the reason in words;
 * 2. the dimensions from the header alone (sharp's `metadata()` decodes no pixel), each side and the
 *    pixel count over all frames checked against the limits BEFORE anything is decoded, and
 *    `limitInputPixels` set to the same limit as a second guard inside the decoder (a decompression
 *    bomb is refused, never inflated);
 * 3. a full decode and re-encode to the same format: EXIF (GPS, camera, orientation: applied to the
 *    pixels first), XMP, IPTC, ICC profiles (converted to sRGB), PNG text chunks and GIF comments are
 *    not copied (sharp writes no metadata unless asked), and a file that hides other content after
 *    its image data loses it.
 */
export async function processImage(input: Buffer): Promise<ProcessedImage> {
  const tooBig = sizeProblem(input.length);
  if (tooBig) throw new AppError(input.length ? 'payload_too_large' : 'invalid_argument', tooBig);
  const sniffed = sniffImage(input);
  const refused = refusalReason(sniffed);
  if (refused) throw new AppError('unsupported_media_type', refused);
  const type = sniffed as HostedType;
  const animated = type === 'gif';
  const options = { limitInputPixels: IMAGE_LIMITS.pixels, failOn: 'error', animated } as const;

  let meta: Metadata;
  try {
    // The header only (no pixel is decoded), read without the pixel guard so an oversized image is named, not called damaged.
    meta = await sharp(input, { ...options, limitInputPixels: false }).metadata();
  } catch {
    throw unreadable(type);
  }
  const frames = meta.pages ?? 1;
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!width || !height) throw unreadable(type);
  const problem = dimensionProblem(width, height, frames);
  if (problem) throw new AppError('invalid_argument', problem);

  let data: Buffer;
  try {
    const image = sharp(input, options);
    if (!animated) image.rotate(); // applies the EXIF orientation, which is then dropped with the rest
    data = await (type === 'png' ? image.png({ compressionLevel: 9 }) : type === 'jpeg' ? image.jpeg({ quality: 85, mozjpeg: true }) : image.gif()).toBuffer();
  } catch {
    throw unreadable(type);
  }
  const out = await sharp(data, options).metadata();
  return {
    data,
    type,
    contentType: HOSTED_TYPES[type].contentType,
    ext: HOSTED_TYPES[type].ext,
    width: out.width ?? width,
    height: out.pageHeight ?? out.height ?? height,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
}

function unreadable(type: HostedType): AppError {
  return new AppError('invalid_argument', `This ${type.toUpperCase()} file is damaged or incomplete and could not be read. Open it in an image editor, save it again and upload that.`);
}
