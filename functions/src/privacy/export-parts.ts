import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { FieldPath, type Firestore, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import type { CollectionName } from '../core/catalog.js';
import type { FileStore } from '../core/ports.js';
import { encodeValue } from './export-codec.js';
import { tenantScope } from './subject-queries.js';

/**
 * The bounds of one part. Bytes count the uncompressed lines, so a compressed part never exceeds
 * them either (gzip adds a few bytes at worst): 8 MiB keeps every part under the 10 MB a
 * streamed Cloud Functions response may carry, downloadable through the API in one request.
 */
export interface PartLimits {
  documents: number;
  bytes: number;
  /** Documents read per query (streamed: a page is never held whole). */
  page: number;
}
export const PART_LIMITS: PartLimits = { documents: 50_000, bytes: 8 * 1024 * 1024, page: 20_000 };

/** A finished part, as the manifest lists it. */
export interface PartRecord {
  collection: CollectionName;
  part: number;
  name: string;
  documents: number;
  /** Size of the stored (compressed) file. */
  bytes: number;
  /** SHA-256 of the stored (compressed) file, hex. */
  sha256: string;
  /** Path of the part's last document: where the next part starts. */
  last: string;
}

export const partFileName = (collection: string, part: number) => `${collection}-${String(part).padStart(5, '0')}.ndjson.gz`;

/**
 * A collection's documents in one tenant, in document-name order, starting after `after` (a
 * resumed export): one query per page of `pageSize` documents, each read as a stream, so only the
 * stream's small buffer is held (its backpressure reaches Firestore's gRPC stream) and the
 * database is asked once per page, not once per document.
 */
export class CollectionReader {
  private iter: AsyncIterator<QueryDocumentSnapshot> | null = null;
  private fetched = 0;
  private exhausted = false;
  private readonly scope;

  constructor(
    private readonly db: Firestore,
    name: CollectionName,
    tenantId: string,
    private after: string | null,
    private readonly pageSize: number,
  ) {
    this.scope = tenantScope(db, name, tenantId);
  }

  /** The next document of the tenant's collection, or null at the end. */
  async next(): Promise<QueryDocumentSnapshot | null> {
    for (;;) {
      if (!this.iter) {
        if (this.exhausted) return null;
        let query = this.scope.query.orderBy(FieldPath.documentId());
        if (this.after) query = query.startAfter(this.db.doc(this.after));
        this.iter = (query.limit(this.pageSize).stream() as AsyncIterable<QueryDocumentSnapshot>)[Symbol.asyncIterator]();
        this.fetched = 0;
      }
      const r = await this.iter.next();
      if (r.done) {
        this.iter = null;
        this.exhausted = this.fetched < this.pageSize;
        continue;
      }
      this.fetched++;
      this.after = r.value.ref.path;
      // A collection-group scope may return look-alike collections of the tenant: skipped.
      if (this.scope.exact || this.scope.matches(r.value.ref.path)) return r.value;
    }
  }

  /** Stops reading (a delivery that ends before the collection does). */
  async close(): Promise<void> {
    await this.iter?.return?.();
    this.iter = null;
  }
}

/** Counts and hashes the bytes flowing through, untouched. */
class Measure extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: () => void) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.push(chunk);
    cb();
  }
}

/**
 * Writes the next part of a collection: documents from `reader` as JSON lines until a limit is
 * reached or the collection ends, gzip-compressed, streamed to the file store (backpressure all
 * the way: the reader is asked for a document only when the upload has taken the previous ones).
 * Answers null when the reader had nothing left (no empty part is written).
 */
export async function writePart(
  files: FileStore,
  input: { reader: CollectionReader; collection: CollectionName; part: number; key: (name: string) => string; expireAt: Date; limits: PartLimits },
): Promise<PartRecord | null> {
  const { reader, limits } = input;
  const first = await reader.next();
  if (!first) return null;
  let documents = 0;
  let raw = 0;
  let last = first.ref.path;
  async function* lines(): AsyncGenerator<Buffer> {
    let snap: QueryDocumentSnapshot | null = first;
    while (snap) {
      const line = Buffer.from(JSON.stringify({ path: snap.ref.path, data: encodeValue(snap.data()) }) + '\n');
      documents++;
      raw += line.length;
      last = snap.ref.path;
      yield line;
      if (documents >= limits.documents || raw >= limits.bytes) return;
      snap = await reader.next();
    }
  }
  const name = partFileName(input.collection, input.part);
  const measure = new Measure();
  const sink = await files.openWrite(input.key(name), 'application/gzip', { expireAt: input.expireAt });
  await pipeline(Readable.from(lines(), { objectMode: false, highWaterMark: 64 * 1024 }), createGzip(), measure, sink);
  return { collection: input.collection, part: input.part, name, documents, bytes: measure.bytes, sha256: measure.hash.digest('hex'), last };
}
