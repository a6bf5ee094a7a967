import * as z from 'zod';
import { labelled } from '../core/field-labels.js';
import { route, type RouteDef } from '../http/route.js';
import type { RateLimit } from '../http/rate-limit.js';
import { storeImage, type HostedImage } from './image-store.js';

export type { HostedImage } from './image-store.js';

/** Uploads per editor: enough to try a few banners in a row, not to fill a bucket from one account. */
export const IMAGE_UPLOADS: RateLimit = { per: 'caller', max: 30, windowSeconds: 600, what: 'image uploads' };

/** Hosted images (banners, logos): joined into the route table in api/route-table.ts. */
export const imageRoutes: RouteDef<any, any, any, any>[] = [
  route({
    method: 'post',
    path: '/images',
    // The role that saves campaigns and templates, whose image fields this serves.
    access: 'editor',
    summary: 'Upload a banner or logo (PNG, JPEG or GIF, sniffed from the bytes); answers its public address',
    bodyType: 'image',
    // The file's bytes: no fields to label; the file is named in every refusal's words.
    body: labelled(z.custom<Buffer>((b) => Buffer.isBuffer(b), 'must be the image file'), {}),
    status: 201,
    rateLimit: IMAGE_UPLOADS,
    audit: { action: 'image.upload', target: (_i, r) => ({ type: 'image', id: new URL((r as HostedImage).url).pathname.split('/').pop()! }) },
    // A 1 × 1 PNG (base64).
    example: { body: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAADUlEQVQImWPgjln7HwADngIUqoW55AAAAABJRU5ErkJggg==' },
    handler: async ({ deps, tenantId }, { body }): Promise<HostedImage> => {
      // sharp (and libvips) load with the first upload, not with every cold start of the API.
      const { processImage } = await import('./process-image.js');
      return storeImage(deps, tenantId, await processImage(body));
    },
  }),
];
