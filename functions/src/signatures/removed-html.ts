/**
 * What the email-safe allowlist took out of a template, in words an admin can act on: the save
 * answers the list (`removed`) and the template editor shows it, so nothing disappears silently.
 * Found by comparing an inventory of the HTML as sent (every element, attribute and style
 * property the parser saw) with one of the HTML as stored, both taken by the same parser
 * (sanitize-html's), so it reports exactly what the allowlist did, whatever the allowlist says.
 */
export interface HtmlInventory {
  add(tagName: string, attribs: Record<string, string>): void;
  counts: Map<string, number>;
}

const styleProperties = (style: string) =>
  style
    .split(';')
    .map((d) => d.split(':')[0]!.trim().toLowerCase())
    .filter(Boolean);

export function htmlInventory(): HtmlInventory {
  const counts = new Map<string, number>();
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  return {
    counts,
    add(tagName, attribs) {
      const tag = tagName.toLowerCase();
      bump(`tag\u0000${tag}`);
      for (const [name, value] of Object.entries(attribs)) {
        if (name.toLowerCase() === 'style') for (const p of styleProperties(value)) bump(`style\u0000${tag}\u0000${p}`);
        else bump(`attr\u0000${tag}\u0000${name.toLowerCase()}`);
      }
    },
  };
}

const times = (n: number) => (n === 1 ? '' : ` (${n} times)`);
const WHY: Record<string, string> = {
  script: 'scripts never run in e-mail',
  style: 'mail apps drop style sheets; use style attributes on each element',
  iframe: 'mail apps do not show embedded pages',
  form: 'forms do not work in e-mail',
  input: 'forms do not work in e-mail',
  button: 'forms do not work in e-mail',
  video: 'mail apps do not play video; link to it instead',
  audio: 'mail apps do not play sound',
  svg: 'Gmail and Outlook do not display SVG; upload a PNG instead',
  object: 'mail apps do not show embedded objects',
  embed: 'mail apps do not show embedded objects',
  link: 'mail apps do not load style sheets',
  meta: 'a signature is part of a message, not a page',
  base: 'a signature is part of a message, not a page',
};

/** The differences, one sentence each, most telling first: elements, then attributes, then style properties. */
export function describeRemoved(before: HtmlInventory, after: HtmlInventory): string[] {
  const out: string[] = [];
  const styles = new Map<string, number>();
  for (const [key, n] of before.counts) {
    const gone = n - (after.counts.get(key) ?? 0);
    if (gone <= 0) continue;
    const [kind, a, b] = key.split('\u0000');
    // An element removed whole takes its attributes with it: it is named once, as an element.
    if (kind !== 'tag' && !after.counts.get(`tag\u0000${a}`)) continue;
    if (kind === 'style') {
      styles.set(b!, (styles.get(b!) ?? 0) + gone);
      continue;
    }
    if (kind === 'tag') {
      // html/head/body wrappers are dropped and their content kept: nothing a signature loses.
      if (a === 'html' || a === 'head' || a === 'body') continue;
      out.push(`The <${a}> element${times(gone)}${WHY[a!] ? `: ${WHY[a!]}` : ': mail apps do not reliably show it'}.`);
    } else {
      const why = a === 'a' && b === 'href' ? ': only web (https://), mailto: and tel: links are kept' : a === 'img' && b === 'src' ? ': images must be on a web address (https://); upload the image to host it' : b!.startsWith('on') ? ': scripts never run in e-mail' : ': mail apps ignore it';
      out.push(`The ${b} attribute on <${a}>${times(gone)}${why}.`);
    }
  }
  for (const [property, gone] of styles) out.push(`The style property ${property}${times(gone)}: mail apps ignore it or it could load outside content.`);
  return out.sort((x, y) => order(x) - order(y));
}

const order = (s: string) => (s.includes(' element') ? 0 : s.includes(' attribute ') ? 1 : 2);
