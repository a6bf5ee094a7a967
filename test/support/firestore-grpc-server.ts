/**
 * The in-memory Firestore mock (@firebase-bridge/firestore-admin) served over real gRPC, so a
 * firebase-admin client in another process talks to it as it would to the emulator or to Google:
 * `settings({ host: '127.0.0.1:PORT', ssl: false })` or FIRESTORE_EMULATOR_HOST.
 *
 * The mock normally replaces the SDK's GAPIC client inside the same process. Here each RPC of
 * `google.firestore.v1.Firestore` is decoded with the options google-gax itself uses (camelCase
 * fields, int64 as strings, enums as names, `valueType`-style oneof names), minus default values so
 * the mock sees only the fields the SDK set, and handed to one of the mock's GAPIC clients; its
 * answers are encoded back. One mock database per `projects/{p}/databases/{d}` named by the
 * requests, created on first use (like the emulator, any project and database id works).
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { FirestoreMock } from '@firebase-bridge/firestore-admin';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Duplex, Readable } from 'node:stream';

/** The GAPIC methods of the mock's client this server calls (see its mock-gapic-client.js). */
interface MockGapicClient {
  beginTransaction(request: unknown): Promise<unknown[]>;
  commit(request: unknown): Promise<unknown[]>;
  batchWrite(request: unknown): Promise<unknown[]>;
  rollback(request: unknown): Promise<unknown[]>;
  listDocuments(request: unknown): Promise<unknown[]>;
  listCollectionIds(request: unknown): Promise<unknown[]>;
  batchGetDocuments(request: unknown): Readable;
  runQuery(request: unknown): Readable;
  runAggregationQuery(request: unknown): Readable;
  listen(): Duplex;
  close(): Promise<void>;
}

type Request = Record<string, unknown>;
const require = createRequire(import.meta.url);

/** The Firestore v1 service definition shipped with the SDK (the same JSON its GAPIC client loads). */
function firestoreService(): grpc.ServiceDefinition {
  const sdkDir = path.dirname(require.resolve('@google-cloud/firestore/package.json'));
  const json = JSON.parse(readFileSync(path.join(sdkDir, 'build/protos/v1.json'), 'utf8')) as Parameters<typeof protoLoader.fromJSON>[0];
  const definition = protoLoader.fromJSON(json, { keepCase: false, longs: String, enums: String, defaults: false, oneofs: true });
  return definition['google.firestore.v1.Firestore'] as grpc.ServiceDefinition;
}

/** The database a request is about, from whichever resource name it carries. */
function databaseOf(request: Request): { projectId: string; databaseId: string } {
  const name = [request.database, request.parent, request.name].find((v): v is string => typeof v === 'string') ?? '';
  const m = /^projects\/([^/]+)\/databases\/([^/]+)/.exec(name);
  if (!m) throw Object.assign(new Error(`no database named in the request (${name || 'empty'})`), { code: grpc.status.INVALID_ARGUMENT });
  return { projectId: m[1]!, databaseId: m[2]! };
}

/**
 * A gRPC status for whatever the mock threw. Its GoogleErrors carry the code and a message that
 * already starts with "6 ALREADY_EXISTS: "; the client adds that prefix itself, so it is dropped.
 */
function toStatus(err: unknown): Partial<grpc.StatusObject> {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'number' && e.code >= 0 && e.code <= 16 ? (e.code as grpc.status) : grpc.status.INTERNAL;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return { code, details: message.replace(/^\d+ [A-Z_]+: /, '') };
}

export interface FirestoreGrpcServer {
  port: number;
  /** `host:port` for `settings({ host, ssl: false })` or FIRESTORE_EMULATOR_HOST. */
  host: string;
  mock: FirestoreMock;
  close(): Promise<void>;
}

export async function serveFirestoreMock(options: { port?: number; mock?: FirestoreMock } = {}): Promise<FirestoreGrpcServer> {
  const mock = options.mock ?? new FirestoreMock();
  const clients = new Map<string, MockGapicClient>();

  /** The mock's own GAPIC client for a database: what its patched SDK pool would hand the SDK. */
  const clientFor = (request: Request): MockGapicClient => {
    const { projectId, databaseId } = databaseOf(request);
    const key = `${projectId}/${databaseId}`;
    let client = clients.get(key);
    if (!client) {
      const controller = mock.databaseExists(projectId, databaseId) ? mock.getDatabase(projectId, databaseId) : mock.createDatabase(projectId, databaseId);
      // The controller's firestore() carries a pool whose factory builds MockGapicClients bound
      // to this database (the client also uses that Firestore's serializer to encode documents).
      const firestore = controller.firestore() as unknown as { _clientPool: { clientFactory(requiresGrpc: boolean): MockGapicClient } };
      client = firestore._clientPool.clientFactory(true);
      clients.set(key, client);
    }
    return client;
  };

  /** Unary RPC: the mock answers `[response, next, raw]` like a GAPIC method; `shape` adapts paged lists. */
  const unary =
    (call: (client: MockGapicClient, request: Request) => Promise<unknown[]>, shape: (result: unknown) => unknown = (r) => r) =>
    (rpc: grpc.ServerUnaryCall<Request, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      Promise.resolve()
        .then(() => call(clientFor(rpc.request), rpc.request))
        .then(
          ([result]) => callback(null, shape(result)),
          (err: unknown) => callback(toStatus(err)),
        );
    };

  /** Server-streaming RPC: the mock's object stream piped into the call, its error as the status. */
  const serverStream = (open: (client: MockGapicClient, request: Request) => Readable) => (rpc: grpc.ServerWritableStream<Request, unknown>) => {
    let source: Readable;
    try {
      source = open(clientFor(rpc.request), rpc.request);
    } catch (err) {
      rpc.emit('error', toStatus(err));
      return;
    }
    rpc.on('cancelled', () => source.destroy());
    source.on('error', (err) => rpc.emit('error', toStatus(err)));
    source.on('end', () => rpc.end());
    source.on('data', (message) => {
      // Respect the client's pace: a 100k-document query must not pile up in this process's buffers.
      if (!rpc.write(message)) {
        source.pause();
        rpc.once('drain', () => source.resume());
      }
    });
  };

  /** Watch: the first request names the database; from then on both directions are piped. */
  const listen = (rpc: grpc.ServerDuplexStream<Request, unknown>) => {
    let target: Duplex | undefined;
    rpc.on('data', (request: Request) => {
      try {
        if (!target) {
          target = clientFor(request).listen();
          target.on('data', (message) => rpc.write(message));
          target.on('error', (err) => rpc.emit('error', toStatus(err)));
          target.on('end', () => rpc.end());
        }
        target.write(request);
      } catch (err) {
        rpc.emit('error', toStatus(err));
      }
    });
    rpc.on('end', () => target?.end());
    rpc.on('cancelled', () => target?.destroy());
  };

  const server = new grpc.Server({ 'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1 });
  server.addService(firestoreService(), {
    beginTransaction: unary((c, r) => c.beginTransaction(r)),
    commit: unary((c, r) => c.commit(r)),
    batchWrite: unary((c, r) => c.batchWrite(r)),
    rollback: unary((c, r) => c.rollback(r)),
    // The mock answers these like an auto-paginating GAPIC method (the whole list); on the wire they are one page.
    listDocuments: unary((c, r) => c.listDocuments(r), (documents) => ({ documents })),
    listCollectionIds: unary((c, r) => c.listCollectionIds(r), (collectionIds) => ({ collectionIds })),
    batchGetDocuments: serverStream((c, r) => c.batchGetDocuments(r)),
    runQuery: serverStream((c, r) => c.runQuery(r)),
    runAggregationQuery: serverStream((c, r) => c.runAggregationQuery(r)),
    listen,
    // Not implemented by the mock (the SDK does not use the single-document RPCs): grpc-js answers UNIMPLEMENTED.
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  // Required before grpc-js 1.10 (a deprecated no-op after it).
  server.start();

  return {
    port,
    host: `127.0.0.1:${port}`,
    mock,
    close: async () => {
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      await Promise.all([...clients.values()].map((c) => c.close().catch(() => {})));
      clients.clear();
    },
  };
}
