/**
 * Directory search at 300k users (`npm run bench -- search300k`), on the official Firestore
 * emulator: prints {"directory": {"search300kReads", "search300kP95Ms", "search300kAggregations",
 * "scan300kReads", "scan300kP95Ms", "users", "emulatorVersion"}}.
 * SEARCH300K_USERS users (300k) of one tenant are written as the sync writes them (the users
 * converter derives their search keys); then QUERIES prefix searches of first names, last names
 * and emails run through searchUsers. Reads are counted from the Firestore client's own request log
 * (documents returned, a count aggregation counted apart); p95 is the wall time per search on the
 * emulator (a local figure, not a production latency). `scan300k*` is the search as it was before
 * the index (a scan of at most 20,000 users per query, kept here as the baseline), on the same data.
 */
import type { QueryDocumentSnapshot } from 'firebase-admin/firestore';
import { col } from '../../functions/src/core/catalog.js';
import { readConfig } from '../../functions/src/core/config.js';
import type { Deps } from '../../functions/src/core/deps.js';
import type { UserDoc } from '../../functions/src/core/schemas/user.js';
import { contentHash } from '../../functions/src/directory/content-hash.js';
import { searchUsers, searchUsersQuery } from '../../functions/src/directory/search-users.js';
import { startFirestoreEmulator } from '../../functions/src/local/firestore-emulator.js';
import { createLocalDeps } from '../../functions/src/local/local-deps.js';
import { memoryLogger } from '../../functions/src/platform/logger.js';
import { countFirestoreRequests } from '../support/count-firestore-requests.js';

const USERS = Number(process.env.SEARCH300K_USERS ?? 300_000);
const QUERIES = Number(process.env.SEARCH300K_QUERIES ?? 60);
const log = (msg: string) => process.stderr.write(`search300k bench: ${msg}\n`);
const FIRST = ['Ada', 'Bruno', 'Chloé', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kemal', 'Lena', 'Mateo', 'Noor', 'Oskar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tomás', 'Uma', 'Viktor', 'Wanda', 'Xavier', 'Yara', 'Zoë'];
const LAST = ['Abbott', 'Brennan', 'Castillo', 'Dufresne', 'Eklund', 'Fontaine', 'Garrido', 'Halvorsen', 'Ibarra', 'Jansen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quintero', 'Rasmussen', 'Sato', 'Thibault', 'Ueda', 'Valdés', 'Whitfield', 'Xu', 'Yilmaz', 'Zapata'];
const person = (i: number) => {
  const first = FIRST[i % FIRST.length]!;
  const last = `${LAST[Math.floor(i / FIRST.length) % LAST.length]!}${i >= FIRST.length * LAST.length ? Math.floor(i / (FIRST.length * LAST.length)) : ''}`;
  return { first, last, email: `${first}.${last}`.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase() + `@bench.example` };
};

/** The search before the index (directory/search-users.ts until #21): a scan of at most 20,000 users. */
async function scanSearch(deps: Deps, tenantId: string, q: string, limit: number): Promise<number> {
  const raw = col(deps.db, 'users', { tenantId }).withConverter(null);
  let matches = 0;
  let scanned = 0;
  let last: QueryDocumentSnapshot | undefined;
  for (;;) {
    let page = raw.orderBy('email').select('email', 'firstName', 'lastName', 'overrides.firstName', 'overrides.lastName').limit(1000);
    if (last) page = page.startAfter(last);
    const snap = await page.get();
    for (const d of snap.docs) {
      const u = d.data() as Partial<UserDoc>;
      if (`${u.overrides?.firstName ?? u.firstName} ${u.overrides?.lastName ?? u.lastName}\n${u.email}`.toLowerCase().includes(q)) matches++;
    }
    scanned += snap.size;
    last = snap.docs[snap.docs.length - 1];
    if (snap.size < 1000 || scanned >= 20_000) break;
  }
  return Math.min(matches, limit);
}

const p95 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)]!;

const emulator = await startFirestoreEmulator({ quiet: true });
process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
const config = readConfig({ ...process.env, GCLOUD_PROJECT: 'demo-herald' });
const deps = createLocalDeps({ config, log: memoryLogger(), firestoreEmulatorHost: emulator.host, databaseId: 'bench-search' });
try {
  const tenantId = 'bench';
  const users = col(deps.db, 'users', { tenantId });
  const started = performance.now();
  const writer = deps.db.bulkWriter();
  const now = new Date();
  for (let i = 0; i < USERS; i++) {
    const p = person(i);
    const fields = { email: p.email, firstName: p.first, lastName: p.last, title: 'Engineer', workPhone: '', mobilePhone: '', addresses: [], groups: ['Everyone'] };
    void writer.set(users.doc(`u${String(i).padStart(7, '0')}`), { ...fields, source: 'google', contentHash: contentHash(fields), overrides: {}, createdAt: now, updatedAt: now });
    if (i % 50_000 === 49_999) {
      await writer.flush();
      log(`${i + 1} users written (${Math.round((performance.now() - started) / 1000)} s)`);
    }
  }
  await writer.close();
  log(`${USERS} users on the official emulator ${emulator.version} in ${Math.round((performance.now() - started) / 1000)} s`);

  // Queries people type: a first name, a last name, the start of a full name, an email; 2 to 12 characters.
  const queries = Array.from({ length: QUERIES }, (_, i) => {
    const p = person((i * 7919) % USERS);
    return [p.first.slice(0, 3), p.last.slice(0, 5), `${p.first} ${p.last.slice(0, 2)}`, p.email.slice(0, 12)][i % 4]!;
  });
  const measure = async (run: (q: string) => Promise<unknown>) => {
    const ms: number[] = [];
    let reads = 0;
    let aggregations = 0;
    for (const q of queries) {
      const t = performance.now();
      const counted = await countFirestoreRequests(() => run(q));
      ms.push(performance.now() - t);
      reads = Math.max(reads, counted.documentReads);
      aggregations = Math.max(aggregations, counted.aggregationQueries);
    }
    return { reads, aggregations, p95: Math.round(p95(ms)) };
  };
  const indexed = await measure((q) => searchUsers(deps, tenantId, searchUsersQuery.parse({ q, limit: 25 })));
  log(`index: at most ${indexed.reads} documents and ${indexed.aggregations} count per search, p95 ${indexed.p95} ms`);
  const scan = await measure((q) => scanSearch(deps, tenantId, q.toLowerCase(), 25));
  log(`scan (before): at most ${scan.reads} documents per search, p95 ${scan.p95} ms`);
  process.stdout.write(
    JSON.stringify({
      directory: {
        search300kReads: indexed.reads,
        search300kAggregations: indexed.aggregations,
        search300kP95Ms: indexed.p95,
        scan300kReads: scan.reads,
        scan300kP95Ms: scan.p95,
        users: USERS,
        emulatorVersion: emulator.version,
      },
    }) + '\n',
  );
} finally {
  await deps.close();
  await emulator.stop();
}
