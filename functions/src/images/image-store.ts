import { col, storedFilePrefix } from '../core/catalog.js';
import type { Config } from '../core/config.js';
import type { Deps } from '../core/deps.js';
import { fileStore } from '../platform/file-store.js';
import { EXT_TYPES, HOSTED_TYPES, type HostedType } from './image-rules.js';
import type { ProcessedImage } from './process-image.js';

/** Where hosted images are served, on the region's link host (Hosting rewrites /img/** to the images function). */
export const IMAGE_PATH_PREFIX = '/img/';
/** A hosted image's file name: the first 32 hex digits of its bytes' SHA-256, then its extension. */
const NAME = /^([0-9a-f]{32})\.(png|jpg|gif)$/;
const TENANT = /^[A-Za-z0-9_-]{1,100}$/;

export interface HostedImage {
  /** The stable public HTTPS address (content-hashed: a new file gets a new address). */
  url: string;
  type: HostedType;
  width: number;
  height: number;
  bytes: number;
}

export function imageName(image: Pick<ProcessedImage, 'sha256' | 'ext'>): string {
  return `${image.sha256.slice(0, 32)}.${image.ext}`;
}

export function imageKey(tenantId: string, name: string): string {
  return `${storedFilePrefix('hostedImages', tenantId)}${name}`;
}

export function imageUrl(config: Pick<Config, 'linkBaseUrl'>, tenantId: string, name: string): string {
  return `${config.linkBaseUrl}${IMAGE_PATH_PREFIX}${tenantId}/${name}`;
}

/** `/img/<tenant>/<name>` → the stored key and the type its extension promises; null for any other path. */
export function parseImagePath(pathname: string): { tenantId: string; name: string; type: HostedType } | null {
  if (!pathname.startsWith(IMAGE_PATH_PREFIX)) return null;
  const [tenantId, name, ...rest] = pathname.slice(IMAGE_PATH_PREFIX.length).split('/');
  if (rest.length || !tenantId || !name || !TENANT.test(tenantId)) return null;
  const m = NAME.exec(name);
  return m ? { tenantId, name, type: EXT_TYPES[m[2]!]! } : null;
}

/** The tenant's own hosted image behind `url`, or null when the URL is anything else. */
export function hostedImageOf(config: Pick<Config, 'linkBaseUrl'>, tenantId: string, url: string | null | undefined): { key: string; name: string } | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.origin !== new URL(config.linkBaseUrl).origin) return null;
  const parsed = parseImagePath(u.pathname);
  return parsed && parsed.tenantId === tenantId ? { key: imageKey(tenantId, parsed.name), name: parsed.name } : null;
}

/** Stores the re-encoded bytes under the tenant's prefix; the same bytes uploaded twice land on the same file. */
export async function storeImage(deps: Deps, tenantId: string, image: ProcessedImage): Promise<HostedImage> {
  const name = imageName(image);
  await fileStore(deps).write(imageKey(tenantId, name), image.data, HOSTED_TYPES[image.type].contentType);
  return { url: imageUrl(deps.config, tenantId, name), type: image.type, width: image.width, height: image.height, bytes: image.data.length };
}

/** Every hosted-image URL of this tenant that a campaign or a template still shows. */
async function imagesInUse(deps: Deps, tenantId: string): Promise<Set<string>> {
  const inUse = new Set<string>();
  const [campaigns, templates] = await Promise.all([col(deps.db, 'campaigns', { tenantId }).get(), col(deps.db, 'templates', { tenantId }).get()]);
  const base = `${deps.config.linkBaseUrl}${IMAGE_PATH_PREFIX}${tenantId}/`;
  const found = (text: string) => {
    for (let i = text.indexOf(base); i >= 0; i = text.indexOf(base, i + 1)) inUse.add(text.slice(i + base.length, i + base.length + 36));
  };
  // An A/B test's variants (running, or kept for an ended test's report) show images too.
  for (const c of campaigns.docs) found(JSON.stringify([c.get('banner') ?? null, c.get('abTest')?.variants ?? null]));
  for (const t of templates.docs) found(String(t.get('html') ?? '') + String(t.get('replyHtml') ?? '') + String(t.get('internalHtml') ?? ''));
  return inUse;
}

/**
 * Deletes the tenant's hosted images among `urls` that no campaign or template shows any more
 * (called after a campaign is deleted or its banner replaced, and after a template is deleted or
 * its logo changed). Returns how many files were deleted. Tenant deletion removes them all with
 * the tenant's prefix (privacy/purge-job.ts).
 */
export async function releaseImages(deps: Deps, tenantId: string, urls: readonly (string | null | undefined)[]): Promise<number> {
  const candidates = new Map<string, string>();
  for (const url of urls) {
    const hosted = hostedImageOf(deps.config, tenantId, url);
    if (hosted) candidates.set(hosted.name, hosted.key);
  }
  if (!candidates.size) return 0;
  const inUse = await imagesInUse(deps, tenantId);
  let deleted = 0;
  for (const [name, key] of candidates) if (!inUse.has(name)) deleted += await fileStore(deps).deletePrefix(key);
  return deleted;
}

/** Every hosted-image URL in an HTML text (a template's logo and icons). */
export function hostedImageUrlsIn(deps: Pick<Deps, 'config'>, tenantId: string, html: string): string[] {
  const base = `${deps.config.linkBaseUrl}${IMAGE_PATH_PREFIX}${tenantId}/`;
  const urls: string[] = [];
  for (let i = html.indexOf(base); i >= 0; i = html.indexOf(base, i + 1)) urls.push(html.slice(i, i + base.length + 36));
  return urls;
}
