import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileStore } from '../core/ports.js';
import { HOSTED_TYPES } from '../images/image-rules.js';
import { imageKey, parseImagePath } from '../images/image-store.js';

/**
 * The demo's hosted images (a fictitious company's logo and banner): `emulator-data/images/<tenant>/<name>`,
 * stored exactly as an upload leaves them (re-encoded PNGs named by their hash; made by
 * `npm run gen:demo-images`), put into the file store at each start, so the seed's
 * `$origin/img/<tenant>/<name>` addresses serve them like any uploaded image.
 */
export async function loadDemoImages(files: FileStore, seedDir: string): Promise<number> {
  const root = path.join(seedDir, 'images');
  let n = 0;
  for (const tenantId of await readdir(root).catch(() => [] as string[])) {
    for (const name of await readdir(path.join(root, tenantId))) {
      const parsed = parseImagePath(`/img/${tenantId}/${name}`);
      if (!parsed) throw new Error(`seed image ${tenantId}/${name}: not a hosted image name (<32 hex digits>.png|jpg|gif)`);
      const data = await readFile(path.join(root, tenantId, name));
      if (!createHash('sha256').update(data).digest('hex').startsWith(name.slice(0, 32))) throw new Error(`seed image ${tenantId}/${name}: its name is not its hash (run npm run gen:demo-images)`);
      await files.write(imageKey(tenantId, name), data, HOSTED_TYPES[parsed.type].contentType);
      n++;
    }
  }
  return n;
}
