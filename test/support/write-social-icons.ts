/** `npm run gen:social-icons`: draws the designer's social glyphs into hosting/public/social/<kind>.png. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { SOCIAL_KIND_LIST } from '../../hosting/src/templates/designer.js';
import { drawSocialIcon } from './social-icons.js';

mkdirSync('hosting/public/social', { recursive: true });
for (const kind of SOCIAL_KIND_LIST) writeFileSync(`hosting/public/social/${kind}.png`, drawSocialIcon(kind));
