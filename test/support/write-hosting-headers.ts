/**
 * `npm run gen:headers`: rewrites firebase.json's hosting.headers from
 * functions/src/http/browser-headers.ts and .firebaserc, leaving the rest of the file as written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expectedHostingHeaders } from './hosting-headers.js';

const text = readFileSync('firebase.json', 'utf8');
const start = text.indexOf('"headers": [', text.indexOf('"hosting"'));
if (start < 0) throw new Error('firebase.json: no hosting.headers');
let depth = 0;
let end = start + '"headers": '.length;
for (; end < text.length; end++) {
  if (text[end] === '[') depth++;
  if (text[end] === ']' && --depth === 0) break;
}
const rules = expectedHostingHeaders().map((rule) => {
  const { headers, ...match } = rule;
  const lines = headers.map((h) => `          ${JSON.stringify(h).replace(/","/g, '", "').replace(/":"/g, '": "').replace(/^\{/, '{ ').replace(/\}$/, ' }')}`);
  return `      {\n        ${JSON.stringify(match).slice(1, -1).replace(/":"/, '": "')},\n        "headers": [\n${lines.join(',\n')}\n        ]\n      }`;
});
writeFileSync('firebase.json', `${text.slice(0, start)}"headers": [\n${rules.join(',\n')}\n    ]${text.slice(end + 1)}`);
JSON.parse(readFileSync('firebase.json', 'utf8'));
