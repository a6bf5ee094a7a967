/** `npm run gen:indexes`: regenerates firestore.indexes.json (TTL policies) from the data catalog. */
import { writeFileSync } from 'node:fs';
import { firestoreIndexesJson } from '../../functions/src/privacy/firestore-indexes.js';

writeFileSync('firestore.indexes.json', firestoreIndexesJson());
