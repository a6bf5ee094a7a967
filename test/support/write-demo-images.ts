/**
 * `npm run gen:demo-images`: draws the demo's images (a fictitious Acme logo and the Spring launch
 * banner, PNGs that Gmail and Outlook display) and writes them as an upload would store them
 * (through images/process-image.ts: re-encoded, no metadata, named by their hash) into
 * emulator-data/images/acme/, and the starters' logo placeholder (hosting/public/demo/your-logo.png). Prints the names for the seed (emulator-data/firestore-seed.json).
 * The text is drawn with the machine's fonts, so the committed files are the reference.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { imageName } from '../../functions/src/images/image-store.js';
import { processImage } from '../../functions/src/images/process-image.js';

const FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif";
// Drawn at twice the size shown (crisp on high-density screens).
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160">
  <rect width="160" height="160" rx="32" fill="#0b5cad"/>
  <path d="M80 28 L124 128 H104 L95 106 H65 L56 128 H36 Z M71 90 H89 L80 66 Z" fill="#ffffff"/>
  <circle cx="122" cy="38" r="12" fill="#ffb400"/>
</svg>`;
const BANNER = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="300" viewBox="0 0 1200 300">
  <defs><linearGradient id="g" x1="0" x2="1" y1="0" y2="1"><stop offset="0" stop-color="#0b5cad"/><stop offset="1" stop-color="#0a7f5a"/></linearGradient></defs>
  <rect width="1200" height="300" fill="url(#g)"/>
  <circle cx="1080" cy="60" r="150" fill="#ffffff" opacity="0.08"/><circle cx="980" cy="290" r="110" fill="#ffb400" opacity="0.25"/>
  <text x="64" y="128" font-family="${FONT}" font-size="64" font-weight="bold" fill="#ffffff">Spring launch</text>
  <text x="64" y="188" font-family="${FONT}" font-size="34" fill="#e6f0ff">The new Acme collection is here</text>
  <rect x="64" y="216" width="230" height="54" rx="27" fill="#ffb400"/>
  <text x="179" y="252" font-family="${FONT}" font-size="26" font-weight="bold" fill="#1b1f2a" text-anchor="middle">Discover it</text>
</svg>`;

// The starters' stand-in until the customer uploads its own logo (the console's template editor replaces it).
const PLACEHOLDER = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160">
  <rect x="3" y="3" width="154" height="154" rx="28" fill="#eef1f6" stroke="#8a93a6" stroke-width="4" stroke-dasharray="12 8"/>
  <text x="80" y="92" font-family="${FONT}" font-size="30" font-weight="bold" fill="#4a5366" text-anchor="middle">LOGO</text>
</svg>`;
const placeholder = await processImage(await sharp(Buffer.from(PLACEHOLDER)).png().toBuffer());
writeFileSync(path.resolve('hosting/public/demo/your-logo.png'), placeholder.data);
console.log(`starters' placeholder: /demo/your-logo.png (${placeholder.data.length} bytes)`);

const out = path.resolve('emulator-data/images/acme');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const [label, svg] of [['logo', LOGO], ['banner', BANNER]] as const) {
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  const image = await processImage(png);
  const name = imageName(image);
  writeFileSync(path.join(out, name), image.data);
  console.log(`${label}: $origin/img/acme/${name} (${image.width} × ${image.height}, ${image.data.length} bytes)`);
}
