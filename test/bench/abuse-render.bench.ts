/**
 * Issue 20, item 7: the worst template × user under the signature cap. Before the cap, 200 groups
 * of 200 characters turned an 8 KB template into a 63 MB answer in 2.2 s. Each case renders a
 * template of the largest size a save accepts (50,000 characters) for a hostile directory record,
 * and must stop at the cap (SignatureTooLarge) in bounded time. Prints
 * `{"abuse": {"renderWorstMs": …}}` (the slowest case's median, target ≤ 50 ms) as its last line.
 */
import { renderSignature, type SignatureFields } from '../../functions/src/signatures/render-signature.js';
import { sanitizeTemplate } from '../../functions/src/signatures/sanitize-template.js';
import { SignatureTooLarge } from '../../functions/src/signatures/signature-too-large.js';

const MAX_TEMPLATE = 50_000;
const fill = (unit: string) => unit.repeat(Math.floor(MAX_TEMPLATE / unit.length));

const hostile: SignatureFields = {
  email: `${'a'.repeat(64)}@${'b'.repeat(63)}.example`,
  firstName: '&'.repeat(100),
  lastName: '"'.repeat(100),
  title: '<'.repeat(150),
  workPhone: '+33 1 55 00 00 10 ext 123456',
  mobilePhone: '+33 6 00 00 00 00',
  addresses: Array.from({ length: 10 }, () => 'é'.repeat(300)),
  groups: Array.from({ length: 200 }, (_, i) => `${String(i).padStart(3, '0')}-${'g'.repeat(196)}`),
};
// Twenty groups of 140 characters: just under the list cap, so the list expands every time.
const listAtCap: SignatureFields = { ...hostile, groups: Array.from({ length: 20 }, () => 'g'.repeat(140)) };
const banner = { clickUrl: `https://go.example/c/${'t'.repeat(40)}`, viewUrl: `https://go.example/v/${'t'.repeat(40)}`, alt: '&'.repeat(200), width: 600, height: 120 };

const cases: { name: string; template: string; user: SignatureFields }[] = [
  { name: 'groups list 200×200, repeated', template: fill('<p>{{groups}}</p>'), user: hostile },
  { name: 'list at its cap, repeated', template: fill('<p>{{groups}}</p>'), user: listAtCap },
  { name: 'escaped text values, repeated', template: fill('{{firstName}}{{lastName}}{{title}}'), user: hostile },
  { name: 'url-encoded values in links', template: fill('<a href="https://x.example/?q={{address}}">{{title}}</a>'), user: hostile },
  { name: 'banner, repeated', template: fill('{{banner}}'), user: hostile },
  { name: 'join separators', template: `{{#join "${'s'.repeat(200)}"}}${'a{{,}}'.repeat(8000)}a{{/join}}`, user: hostile },
  { name: 'markup only', template: fill('<table><tr><td><b><i>x</i></b></td></tr></table>'), user: hostile },
  { name: 'sections around lists', template: fill('{{#groups}}<b>{{addresses}}</b>{{/groups}}'), user: listAtCap },
];

async function once(template: string, user: SignatureFields): Promise<number> {
  const start = performance.now();
  try {
    await renderSignature(template, user, banner);
    throw new Error('rendered past the cap');
  } catch (err) {
    if (!(err instanceof SignatureTooLarge)) throw err;
  }
  return performance.now() - start;
}

let worst = 0;
for (const c of cases) {
  // Stored as a save would store it (sanitised), then rendered.
  const { html } = await sanitizeTemplate(c.template);
  for (let i = 0; i < 5; i++) await once(html, c.user);
  const runs: number[] = [];
  for (let i = 0; i < 21; i++) runs.push(await once(html, c.user));
  const median = runs.sort((a, b) => a - b)[10]!;
  process.stderr.write(`${c.name}: ${median.toFixed(2)} ms (template ${html.length} chars)\n`);
  worst = Math.max(worst, median);
}
process.stdout.write(JSON.stringify({ abuse: { renderWorstMs: Math.round(worst * 100) / 100 } }) + '\n');
