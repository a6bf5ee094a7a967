import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { FieldValue, getFirestore, Timestamp, type Firestore, type QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFirestoreGrpcHost, type FirestoreGrpcHost } from '../support/firestore-grpc-host.js';

/**
 * The in-memory Firestore served over gRPC from a child process: a real firebase-admin client
 * (network, protobuf, GAPIC retries and all) must see the same database behaviour it gets in-process.
 */
let host: FirestoreGrpcHost;
const apps: App[] = [];

/** A firebase-admin Firestore connected to the host, as to an emulator. */
function connect(projectId = 'demo-grpc-host'): Firestore {
  const app = initializeApp({ projectId }, `grpc-host-${randomUUID()}`);
  apps.push(app);
  // The SDK lets FIRESTORE_EMULATOR_HOST override settings.host: under `npm run test:emulator` this
  // client must still talk to the host under test, not to the official emulator.
  const emulator = process.env.FIRESTORE_EMULATOR_HOST;
  delete process.env.FIRESTORE_EMULATOR_HOST;
  try {
    const db = getFirestore(app);
    db.settings({ host: host.host, ssl: false });
    return db;
  } finally {
    if (emulator !== undefined) process.env.FIRESTORE_EMULATOR_HOST = emulator;
  }
}

let db: Firestore;
beforeAll(async () => {
  host = await startFirestoreGrpcHost();
  db = connect();
});

afterAll(async () => {
  for (const app of apps) await deleteApp(app);
  await host?.stop();
});

describe('the Firestore gRPC host', () => {
  it('stores and reads back every value type, updates with transforms and deletes', async () => {
    const ref = db.doc('things/a');
    const plain = {
      text: 'héllo',
      int: 9007199254740991,
      negative: -42,
      double: 1.5,
      yes: true,
      nothing: null,
      list: [1, 'two', { three: 3 }],
      nested: { deeper: { leaf: 'x' } },
      emptyMap: {},
      emptyList: [],
    };
    const written = await ref.set({
      ...plain,
      at: Timestamp.fromMillis(1_700_000_000_123),
      bytes: Buffer.from([0, 1, 254, 255]),
      stamped: FieldValue.serverTimestamp(),
    });
    const snap = await ref.get();
    expect(snap.exists).toBe(true);
    expect(snap.updateTime!.isEqual(written.writeTime)).toBe(true);
    const data = snap.data()!;
    expect(data).toMatchObject(plain);
    expect((data.at as Timestamp).toMillis()).toBe(1_700_000_000_123);
    expect([...(data.bytes as Buffer)]).toEqual([0, 1, 254, 255]);
    expect(data.stamped).toBeInstanceOf(Timestamp);

    await ref.update({ negative: FieldValue.increment(2), list: FieldValue.arrayUnion('four'), 'nested.deeper.leaf': 'y', text: FieldValue.delete() });
    const updated = (await ref.get()).data()!;
    expect(updated.negative).toBe(-40);
    expect(updated.list).toEqual([1, 'two', { three: 3 }, 'four']);
    expect(updated.nested).toEqual({ deeper: { leaf: 'y' } });
    expect(updated).not.toHaveProperty('text');

    await ref.delete();
    expect((await ref.get()).exists).toBe(false);
  });

  it('commits a batch atomically and reads it back with getAll', async () => {
    await db.doc('batch/gone').set({ n: 0 });
    const batch = db.batch();
    batch.set(db.doc('batch/one'), { n: 1 });
    batch.set(db.doc('batch/two'), { n: 2 });
    batch.delete(db.doc('batch/gone'));
    await batch.commit();
    const snaps = await db.getAll(db.doc('batch/one'), db.doc('batch/two'), db.doc('batch/gone'));
    expect(snaps.map((s) => s.exists)).toEqual([true, true, false]);
    expect(snaps.map((s) => s.get('n') as unknown)).toEqual([1, 2, undefined]);

    // A batch with one failing write (update of a missing document) writes nothing.
    const failing = db.batch();
    failing.set(db.doc('batch/three'), { n: 3 });
    failing.update(db.doc('batch/missing'), { n: 4 });
    await expect(failing.commit()).rejects.toMatchObject({ code: 5 });
    expect((await db.doc('batch/three').get()).exists).toBe(false);
  });

  it('runs transactions: commits reads-then-writes, rolls back on error, retries on contention', async () => {
    const counter = db.doc('counters/c');
    await counter.set({ n: 0 });
    const seen = await db.runTransaction(async (tx) => {
      const snap = await tx.get(counter);
      tx.update(counter, { n: (snap.get('n') as number) + 1 });
      return snap.get('n') as number;
    });
    expect(seen).toBe(0);
    expect((await counter.get()).get('n')).toBe(1);

    await expect(
      db.runTransaction(async (tx) => {
        await tx.get(counter);
        tx.update(counter, { n: 100 });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await counter.get()).get('n')).toBe(1);

    // Two transactions racing on one document: both land, one of them after a retry.
    const increment = () =>
      db.runTransaction(async (tx) => {
        const n = (await tx.get(counter)).get('n') as number;
        await new Promise((r) => setTimeout(r, 20));
        tx.update(counter, { n: n + 1 });
      });
    await Promise.all([increment(), increment()]);
    expect((await counter.get()).get('n')).toBe(3);

    // A query inside a transaction.
    const inTx = await db.runTransaction(async (tx) => (await tx.get(db.collection('counters'))).size, { readOnly: true });
    expect(inTx).toBe(1);
  });

  it('streams a query larger than one batch, in order, with a projection and a filter', async () => {
    const items = db.collection('items');
    for (let start = 0; start < 1200; start += 500) {
      const batch = db.batch();
      for (let i = start; i < Math.min(start + 500, 1200); i++) batch.set(items.doc(`i${String(i).padStart(4, '0')}`), { i, even: i % 2 === 0, label: `item ${i}` });
      await batch.commit();
    }
    const streamed: { id: string; data: Record<string, unknown> }[] = [];
    const stream = items.where('even', '==', true).orderBy('i', 'desc').select('i').stream();
    for await (const d of stream as AsyncIterable<QueryDocumentSnapshot>) streamed.push({ id: d.id, data: d.data() });
    expect(streamed).toHaveLength(600);
    expect(streamed[0]).toEqual({ id: 'i1198', data: { i: 1198 } });
    expect(streamed.at(-1)).toEqual({ id: 'i0000', data: { i: 0 } });

    const page = await items.orderBy('i').startAfter(10).limit(3).get();
    expect(page.docs.map((d) => d.id)).toEqual(['i0011', 'i0012', 'i0013']);
  });

  it('counts with an aggregation query', async () => {
    const things = db.collection('countable');
    await Promise.all(Array.from({ length: 7 }, (_, i) => things.doc(`t${i}`).set({ big: i >= 4 })));
    expect((await things.count().get()).data().count).toBe(7);
    expect((await things.where('big', '==', true).count().get()).data().count).toBe(3);
  });

  it('returns not-found and already-exists as their gRPC codes, with the message once', async () => {
    const ref = db.doc('errors/existing');
    await ref.create({ a: 1 });
    const failure = (p: Promise<unknown>) => p.then(() => ({ code: 0, message: 'no error' }), (e: unknown) => e as { code: number; message: string });
    const exists = await failure(ref.create({ a: 2 }));
    expect(exists).toMatchObject({ code: 6 });
    expect(exists.message).toMatch(/^6 ALREADY_EXISTS: .*errors\/existing/);
    expect(exists.message.match(/ALREADY_EXISTS/g)).toHaveLength(1);

    const missing = await failure(db.doc('errors/missing').update({ a: 1 }));
    expect(missing).toMatchObject({ code: 5 });
    expect(missing.message).toMatch(/^5 NOT_FOUND: /);
    expect((await ref.get()).get('a')).toBe(1);
  });

  it('is one database for every client of the same project, and another for another project', async () => {
    await db.doc('shared/x').set({ by: 'first client' });
    const other = connect();
    expect((await other.doc('shared/x').get()).get('by')).toBe('first client');
    const elsewhere = connect('demo-other-project');
    expect((await elsewhere.doc('shared/x').get()).exists).toBe(false);
  });

  it('delivers snapshot listeners over the bidirectional listen stream', async () => {
    const col = db.collection('watched');
    await col.doc('w1').set({ n: 1 });
    const sizes: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const unsubscribe = col.onSnapshot((snap) => {
        sizes.push(snap.size);
        if (snap.size === 1) void col.doc('w2').set({ n: 2 });
        if (snap.size === 2) {
          unsubscribe();
          resolve();
        }
      }, reject);
    });
    expect(sizes).toEqual([1, 2]);
  });

  it('stops its process', async () => {
    const other = await startFirestoreGrpcHost();
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive(other.pid)).toBe(true);
    await other.stop();
    expect(alive(other.pid)).toBe(false);
  });
});
