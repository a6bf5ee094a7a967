/**
 * Hosted-image bench (`npm run bench -- images`): prints
 * {"images": {"reencodeMs", "reencodeJpegMs", "refuseBombMs", "peakRssMB", "inputKB", "outputKB"}}.
 * - reencodeMs: processImage (sniff, header check, full decode, PNG re-encode without metadata)
 *   of a 2000 × 600 PNG banner with a photo-like noisy gradient (median of 7 runs, after a warm-up);
 * - reencodeJpegMs: the same for a 2000 × 600 JPEG;
 * - refuseBombMs: a PNG whose header claims 4500 × 4000 pixels (a decompression bomb), refused
 *   from the header alone: it must stay near zero, whatever the claimed size;
 * - peakRssMB: the process's peak resident memory over the runs (the API has 512 MiB).
 */
import sharp from 'sharp';
import { processImage } from '../../functions/src/images/process-image.js';
import { pngHeaderOnly } from '../support/image-fixtures.js';
import { trackPeakRss } from './peak-rss.js';

const W = 2000;
const H = 600;

async function banner(format: 'png' | 'jpeg'): Promise<Buffer> {
  // Noise over a gradient: compresses like a photo banner, not like a flat colour.
  const raw = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      const n = (Math.sin(x * 12.9898 + y * 78.233) * 43758.5453) % 1;
      raw[i] = (x / W) * 200 + n * 40;
      raw[i + 1] = (y / H) * 180 + n * 30;
      raw[i + 2] = 120 + n * 60;
    }
  const img = sharp(raw, { raw: { width: W, height: H, channels: 3 } }).withExif({ IFD0: { Make: 'Bench Camera' } });
  return format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 90 }).toBuffer();
}

async function median(run: () => Promise<unknown>, n = 7): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return +times.sort((a, b) => a - b)[Math.floor(n / 2)]!.toFixed(1);
}

const rss = trackPeakRss();
const png = await banner('png');
const jpeg = await banner('jpeg');
const bomb = await pngHeaderOnly(4500, 4000);
const out = await processImage(png);
const reencodeMs = await median(() => processImage(png));
const reencodeJpegMs = await median(() => processImage(jpeg));
const refuseBombMs = await median(() => processImage(bomb).catch(() => null));
process.stdout.write(
  JSON.stringify({ images: { reencodeMs, reencodeJpegMs, refuseBombMs, peakRssMB: Math.round(rss.stop() / 1024 / 1024), inputKB: Math.round(png.length / 1024), outputKB: Math.round(out.data.length / 1024) } }) + '\n',
);
