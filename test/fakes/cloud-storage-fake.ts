import { CRC32C } from '@google-cloud/storage';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local server speaking the part of the Cloud Storage JSON API that Herald's adapter uses, the way
 * `@google-cloud/storage` sends it: media, multipart and resumable uploads (single request or
 * chunked, with status queries), metadata and `alt=media` downloads with `x-goog-hash`, deletes,
 * listing by prefix with `maxResults`/`pageToken`, and bucket metadata (lifecycle rules) by
 * GET/PATCH. Objects are stored with their CRC32C and MD5 so the client's checksum validation runs
 * for real. `failNext` makes the next matching requests answer an error, to test that a failed call
 * never deletes data.
 */

export interface StoredObject {
  data: Buffer;
  /** Computed when written, like the real service: a later change to `data` shows as corruption. */
  crc32c: string;
  md5Hash: string;
  contentType: string;
  generation: string;
  metageneration: string;
  timeCreated: string;
  updated: string;
  customTime?: string;
  metadata?: Record<string, string>;
}

export interface StorageRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  bytes: number;
}

interface Upload {
  bucket: string;
  name: string;
  resource: Record<string, unknown>;
  chunks: Buffer[];
  received: number;
  done: boolean;
}

export interface CloudStorageFake {
  url: string;
  /** Every request, in order. */
  requests: StorageRequest[];
  buckets: Map<string, { metadata: Record<string, unknown>; objects: Map<string, StoredObject> }>;
  objects(bucket: string): Map<string, StoredObject>;
  /** The next `count` requests whose method and path match answer `status`. */
  failNext(match: { method?: string; pathIncludes?: string }, status: number, count?: number): void;
  clearFailures(): void;
  close(): Promise<void>;
}

const enc = encodeURIComponent;

function apiError(res: ServerResponse, status: number, message: string, reason = 'invalid'): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify({ error: { code: status, message, errors: [{ message, domain: 'global', reason }] } }));
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

function hashes(data: Buffer) {
  const crc = new CRC32C();
  crc.update(data);
  return { crc32c: crc.toString(), md5Hash: createHash('md5').update(data).digest('base64') };
}

/** `multipart/related` as the client sends it: a JSON metadata part, then the media part (binary-safe). */
function parseMultipart(body: Buffer, contentType: string): { metadata: Record<string, unknown>; media: Buffer; mediaType: string } {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error('multipart upload without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    parts.push(body.subarray(start + 2, next - 2)); // skip the CRLF after the delimiter and before the next
    at = next;
  }
  if (parts.length !== 2) throw new Error(`multipart upload with ${parts.length} parts (expected metadata and media)`);
  const split = (part: Buffer) => {
    const end = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, end).toString('utf8');
    return { type: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream', content: part.subarray(end + 4) };
  };
  const meta = split(parts[0]!);
  const media = split(parts[1]!);
  return { metadata: JSON.parse(meta.content.toString('utf8')) as Record<string, unknown>, media: media.content, mediaType: media.type };
}

export async function startCloudStorageFake(options: { buckets?: string[] } = {}): Promise<CloudStorageFake> {
  const buckets: CloudStorageFake['buckets'] = new Map();
  for (const name of options.buckets ?? []) buckets.set(name, { metadata: { kind: 'storage#bucket', name, id: name, metageneration: '1' }, objects: new Map() });
  const uploads = new Map<string, Upload>();
  const requests: StorageRequest[] = [];
  const failures: { method?: string; pathIncludes?: string; status: number; count: number }[] = [];
  let generation = 1_700_000_000_000_000;
  let url = '';

  const bucketOf = (name: string) => buckets.get(name);

  const resource = (bucket: string, name: string, o: StoredObject) => ({
    kind: 'storage#object',
    id: `${bucket}/${name}/${o.generation}`,
    selfLink: `${url}/storage/v1/b/${enc(bucket)}/o/${enc(name)}`,
    mediaLink: `${url}/download/storage/v1/b/${enc(bucket)}/o/${enc(name)}?generation=${o.generation}&alt=media`,
    name,
    bucket,
    generation: o.generation,
    metageneration: o.metageneration,
    contentType: o.contentType,
    storageClass: 'STANDARD',
    size: String(o.data.length),
    crc32c: o.crc32c,
    md5Hash: o.md5Hash,
    timeCreated: o.timeCreated,
    updated: o.updated,
    ...(o.customTime ? { customTime: o.customTime } : {}),
    ...(o.metadata ? { metadata: o.metadata } : {}),
  });

  const store = (bucket: string, name: string, data: Buffer, meta: Record<string, unknown>, fallbackType: string) => {
    const b = bucketOf(bucket)!;
    const now = new Date().toISOString();
    const o: StoredObject = {
      data,
      ...hashes(data),
      contentType: typeof meta.contentType === 'string' ? meta.contentType : fallbackType,
      generation: String(generation++),
      metageneration: '1',
      timeCreated: now,
      updated: now,
      ...(typeof meta.customTime === 'string' ? { customTime: new Date(meta.customTime).toISOString() } : {}),
      ...(meta.metadata && typeof meta.metadata === 'object' ? { metadata: meta.metadata as Record<string, string> } : {}),
    };
    b.objects.set(name, o);
    return resource(bucket, name, o);
  };

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer, u: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = u.pathname;
    const q = Object.fromEntries(u.searchParams);
    let m: RegExpExecArray | null;

    // Uploads: POST /upload/storage/v1/b/{bucket}/o?uploadType=media|multipart|resumable
    if ((m = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(path))) {
      const bucket = decodeURIComponent(m[1]!);
      if (!bucketOf(bucket)) return apiError(res, 404, 'The specified bucket does not exist.', 'notFound');
      if (method === 'POST' && q.uploadType === 'media') {
        if (!q.name) return apiError(res, 400, 'Required parameter: name', 'required');
        return sendJson(res, 200, store(bucket, q.name, body, {}, req.headers['content-type'] ?? 'application/octet-stream'));
      }
      if (method === 'POST' && q.uploadType === 'multipart') {
        const { metadata, media, mediaType } = parseMultipart(body, req.headers['content-type'] ?? '');
        const name = (metadata.name as string | undefined) ?? q.name;
        if (!name) return apiError(res, 400, 'Required parameter: name', 'required');
        return sendJson(res, 200, store(bucket, name, media, metadata, mediaType));
      }
      if (method === 'POST' && q.uploadType === 'resumable') {
        const metadata = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
        const name = (metadata.name as string | undefined) ?? q.name;
        if (!name) return apiError(res, 400, 'Required parameter: name', 'required');
        const id = randomUUID();
        const contentType = (metadata.contentType as string | undefined) ?? (req.headers['x-upload-content-type'] as string | undefined);
        uploads.set(id, { bucket, name, resource: { ...metadata, ...(contentType ? { contentType } : {}) }, chunks: [], received: 0, done: false });
        res.writeHead(200, { location: `${url}/upload/storage/v1/b/${enc(bucket)}/o?uploadType=resumable&name=${enc(name)}&upload_id=${id}`, 'content-length': '0' });
        return void res.end();
      }
      if (method === 'PUT' && q.upload_id) {
        const upload = uploads.get(q.upload_id);
        if (!upload) return apiError(res, 404, 'No such upload session', 'notFound');
        const range = /^bytes (\*|(\d+)-(\d+|\*))\/(\*|\d+)$/.exec(String(req.headers['content-range'] ?? ''));
        if (!range) return apiError(res, 400, `Invalid Content-Range: ${req.headers['content-range']}`);
        const total = range[4] === '*' ? null : Number(range[4]);
        const status = () => {
          if (upload.done) return sendJson(res, 200, resource(upload.bucket, upload.name, bucketOf(upload.bucket)!.objects.get(upload.name)!));
          res.writeHead(308, upload.received ? { range: `bytes=0-${upload.received - 1}`, 'content-length': '0' } : { 'content-length': '0' });
          res.end();
        };
        if (range[1] === '*') {
          // A status query, or the final empty request declaring the total.
          if (total !== null && total === upload.received && !upload.done) {
            upload.done = true;
            store(upload.bucket, upload.name, Buffer.concat(upload.chunks), upload.resource, 'application/octet-stream');
          }
          return status();
        }
        if (upload.done) return status();
        const start = Number(range[2]);
        if (start !== upload.received) return apiError(res, 400, `Upload offset ${start} does not match the ${upload.received} bytes received`);
        upload.chunks.push(body);
        upload.received += body.length;
        // `bytes N-*/T` (the rest in this request) or a chunk that reaches the declared total finishes the upload.
        const finishes = range[3] === '*' ? total === null || upload.received === total : total !== null && upload.received === total;
        if (range[3] === '*' && total !== null && upload.received !== total) return apiError(res, 400, `Upload ended at ${upload.received} of ${total} bytes`);
        if (finishes) {
          upload.done = true;
          store(upload.bucket, upload.name, Buffer.concat(upload.chunks), upload.resource, 'application/octet-stream');
        }
        return status();
      }
      return apiError(res, 400, `Unsupported upload: ${method} uploadType=${q.uploadType ?? ''}`);
    }

    // Downloads through the media link.
    if ((m = /^\/download\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(path)) && method === 'GET') {
      u.searchParams.set('alt', 'media');
      return handle(req, res, body, new URL(`/storage/v1/b/${m[1]}/o/${m[2]}?${u.searchParams}`, url));
    }

    // Objects: /storage/v1/b/{bucket}/o[/{object}]
    if ((m = /^\/storage\/v1\/b\/([^/]+)\/o(?:\/(.+))?$/.exec(path))) {
      const bucket = bucketOf(decodeURIComponent(m[1]!));
      if (!bucket) return apiError(res, 404, 'The specified bucket does not exist.', 'notFound');
      const bucketName = decodeURIComponent(m[1]!);
      if (m[2] === undefined) {
        if (method !== 'GET') return apiError(res, 405, `${method} on a collection`);
        const prefix = q.prefix ?? '';
        const max = Math.min(Number(q.maxResults) || 1000, 1000);
        const names = [...bucket.objects.keys()].filter((n) => n.startsWith(prefix) && (!q.pageToken || n > Buffer.from(q.pageToken, 'base64url').toString('utf8'))).sort();
        const page = names.slice(0, max);
        const more = names.length > max;
        return sendJson(res, 200, {
          kind: 'storage#objects',
          items: page.map((n) => resource(bucketName, n, bucket.objects.get(n)!)),
          ...(more ? { nextPageToken: Buffer.from(page[page.length - 1]!).toString('base64url') } : {}),
        });
      }
      const name = decodeURIComponent(m[2]);
      const o = bucket.objects.get(name);
      if (method === 'DELETE') {
        if (!o) return apiError(res, 404, `No such object: ${bucketName}/${name}`, 'notFound');
        bucket.objects.delete(name);
        res.writeHead(204).end();
        return;
      }
      if (!o) return apiError(res, 404, `No such object: ${bucketName}/${name}`, 'notFound');
      if (method === 'GET' && q.alt === 'media') {
        const h = o;
        res.writeHead(200, {
          'content-type': o.contentType,
          'content-length': String(o.data.length),
          'x-goog-hash': `crc32c=${h.crc32c},md5=${h.md5Hash}`,
          'x-goog-stored-content-encoding': 'identity',
          'x-goog-generation': o.generation,
        });
        return void res.end(o.data);
      }
      if (method === 'GET') return sendJson(res, 200, resource(bucketName, name, o));
      if (method === 'PATCH') {
        const patch = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
        if (typeof patch.customTime === 'string') o.customTime = new Date(patch.customTime).toISOString();
        if (typeof patch.contentType === 'string') o.contentType = patch.contentType;
        o.metageneration = String(Number(o.metageneration) + 1);
        o.updated = new Date().toISOString();
        return sendJson(res, 200, resource(bucketName, name, o));
      }
      return apiError(res, 405, `${method} on an object`);
    }

    // Buckets: GET / PATCH /storage/v1/b/{bucket}
    if ((m = /^\/storage\/v1\/b\/([^/]+)$/.exec(path))) {
      const bucket = bucketOf(decodeURIComponent(m[1]!));
      if (!bucket) return apiError(res, 404, 'The specified bucket does not exist.', 'notFound');
      if (method === 'GET') return sendJson(res, 200, bucket.metadata);
      if (method === 'PATCH' || method === 'PUT') {
        const patch = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
        bucket.metadata = { ...(method === 'PUT' ? { kind: 'storage#bucket', name: bucket.metadata.name, id: bucket.metadata.id } : bucket.metadata), ...patch, metageneration: String(Number(bucket.metadata.metageneration ?? 1) + 1) };
        return sendJson(res, 200, bucket.metadata);
      }
    }
    return apiError(res, 404, `Not found: ${method} ${path}`, 'notFound');
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      // The client gave up half-way (an upload killed mid-stream): like the service, keep nothing.
      return;
    }
    const body = Buffer.concat(chunks);
    const u = new URL(req.url ?? '/', 'http://fake');
    // With STORAGE_EMULATOR_HOST set, @google-cloud/storage sends JSON API calls without the /storage/v1 prefix (as Firebase's emulator accepts).
    if (u.pathname.startsWith('/b/')) u.pathname = `/storage/v1${u.pathname}`;
    const method = req.method ?? 'GET';
    requests.push({ method, path: decodeURIComponent(u.pathname), query: Object.fromEntries(u.searchParams), headers: req.headers, bytes: body.length });
    const failure = failures.find((f) => f.count > 0 && (!f.method || f.method === method) && (!f.pathIncludes || decodeURIComponent(u.pathname).includes(f.pathIncludes)));
    if (failure) {
      failure.count--;
      return apiError(res, failure.status, 'injected failure', 'backendError');
    }
    try {
      await handle(req, res, body, u);
    } catch (err) {
      apiError(res, 500, String(err), 'backendError');
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    buckets,
    objects: (bucket) => buckets.get(bucket)!.objects,
    failNext: (match, status, count = 1) => void failures.push({ ...match, status, count }),
    clearFailures: () => void failures.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
