/** Regenerates firestore.indexes.json from the data catalog: `npx tsx functions/src/privacy/write-firestore-indexes.ts`. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { firestoreIndexesJson } from './firestore-indexes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
writeFileSync(path.join(root, 'firestore.indexes.json'), firestoreIndexesJson());
