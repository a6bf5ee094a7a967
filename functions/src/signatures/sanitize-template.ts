import { imageSourceProblem, type ImageHostPolicy } from '../core/signature-limits.js';
import { emailSafe } from './email-safe-html.js';
import { describeRemoved, htmlInventory } from './removed-html.js';
import { parseTemplate, PLACEHOLDER_RE } from './template-syntax.js';

/** Attributes where a placeholder may stand; anywhere else (style, src, width…) a value could change meaning. */
export const PLACEHOLDER_ATTRIBUTES = ['href', 'alt', 'title'] as const;
const MARKER_RE = /\{\{\s*[#/,^]/;

/**
 * Sanitises a template's HTML when it is saved, then checks its placeholders and sections on the
 * sanitised text, so what is stored is exactly what is rendered. Returns the problems found, each
 * a sentence an admin can act on, and what the allowlist removed (`removed`, told to the admin on save).
 * An image that is not at an https:// address (a `data:` image Gmail drops, a `cid:` attachment,
 * plain HTTP) is refused here, not silently dropped: `env` allows the demo's http://localhost.
 */
export async function sanitizeTemplate(html: string, env: ImageHostPolicy = 'production'): Promise<{ html: string; errors: string[]; removed: string[] }> {
  const errors: string[] = [];
  const sent = htmlInventory();
  const clean = await emailSafe(html, {
    onOpenTag: (tagName, attribs) => {
      sent.add(tagName, attribs);
      const problem = tagName === 'img' && attribs.src !== undefined && !attribs.src.includes('{{') ? imageSourceProblem(attribs.src, env) : null;
      if (problem) errors.push(`<img src>: ${problem}`);
    },
    transformTags: {
      '*': (tagName, attribs) => {
        for (const [name, value] of Object.entries(attribs)) {
          if (!value.includes('{{')) continue;
          if (MARKER_RE.test(value)) errors.push(`<${tagName} ${name}>: sections and joins cannot sit inside an attribute`);
          else if (!(PLACEHOLDER_ATTRIBUTES as readonly string[]).includes(name)) errors.push(`<${tagName} ${name}>: placeholders are only allowed in text and in href, alt and title`);
          else if ([...value.matchAll(PLACEHOLDER_RE)].some((m) => m[1] === 'banner')) errors.push(`<${tagName} ${name}>: {{banner}} belongs in text, not in an attribute`);
        }
        return { tagName, attribs };
      },
    },
  });
  errors.push(...parseTemplate(clean).errors);
  // The stored HTML through the same parser, keeping everything: what is missing was removed.
  const kept = htmlInventory();
  await emailSafe(clean, { allowedTags: false, allowedAttributes: false, allowedStyles: undefined, onOpenTag: (tagName, attribs) => kept.add(tagName, attribs) });
  return { html: clean, errors: [...new Set(errors)], removed: describeRemoved(sent, kept) };
}
