import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MemoryFileStore } from '../../functions/src/platform/file-store.js';
import { loadDemoImages } from '../../functions/src/local/demo-images.js';
import { sniffImage } from '../../functions/src/images/image-rules.js';

const SEED = path.resolve('emulator-data');
const seedText = readFileSync(path.join(SEED, 'firestore-seed.json'), 'utf8');

describe("the demo's images", () => {
  it('are hosted images (PNG, no metadata, named by their hash) and every hosted address in the seed has its file', async () => {
    const files = new MemoryFileStore();
    const names = readdirSync(path.join(SEED, 'images/acme'));
    expect(await loadDemoImages(files, SEED)).toBe(names.length);
    for (const name of names) {
      const data = readFileSync(path.join(SEED, 'images/acme', name));
      expect(sniffImage(data)).toBe('png');
      expect(createHash('sha256').update(data).digest('hex').slice(0, 32)).toBe(name.slice(0, 32));
      const meta = await sharp(data).metadata();
      expect([meta.exif, meta.xmp, meta.icc]).toEqual([undefined, undefined, undefined]);
      expect(await files.read(`tenants/acme/images/${name}`)).toEqual({ data, contentType: 'image/png' });
    }
    const referenced = [...seedText.matchAll(/\$origin\/img\/acme\/([0-9a-f]{32}\.png)/g)].map((m) => m[1]);
    expect(referenced.length).toBeGreaterThanOrEqual(2);
    for (const name of referenced) expect(names).toContain(name);
  });

  it('no SVG or WebP image is shown by the seed (Gmail and Outlook do not display them)', () => {
    expect(seedText).not.toMatch(/\.svg\b|\.webp\b/i);
  });
});
