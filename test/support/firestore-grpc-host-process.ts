/**
 * Child-process entry of the Firestore gRPC host (see firestore-grpc-host.ts): serves an in-memory
 * Firestore on 127.0.0.1 (port from argv[2], 0 = any free one) and reports `{ port }` over IPC.
 * `{ stop: true }` shuts it down; so does the parent going away, so it never outlives a crashed test.
 */
import { serveFirestoreMock } from './firestore-grpc-server.js';

const server = await serveFirestoreMock({ port: Number(process.argv[2] ?? 0) });
const stop = async () => {
  await server.close().catch(() => {});
  process.exit(0);
};
process.on('disconnect', () => void stop());
process.on('message', (m: { stop?: true }) => {
  if (m.stop) void stop();
});
process.send!({ port: server.port });
