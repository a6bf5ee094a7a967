/**
 * Google's partial responses (the `fields` parameter, https://developers.google.com/workspace/admin/directory/v1/guides/performance#partial-response):
 * the answer keeps only the selected fields, so a fake that honours it sends what Google would, no
 * more (the sync benchmark parses what production parses). Grammar: `a,b` several fields,
 * `a/b` a sub-field, `a(b,c)` sub-fields of each object (or of each element of an array), `*` all.
 */
export type FieldSelection = Map<string, FieldSelection | null>;

/** Parses a `fields` value; throws with the position on a malformed one (Google answers 400). */
export function parseFields(fields: string): FieldSelection {
  let at = 0;
  /** One field: a name, then its sub-fields in parentheses or one sub-field after a slash. */
  const item = (): [string, FieldSelection | null] => {
    const name = /^[A-Za-z0-9_*]+/.exec(fields.slice(at))?.[0];
    if (!name) throw new Error(`invalid fields parameter at ${at}`);
    at += name.length;
    if (fields[at] === '(') {
      at++;
      const sub = list();
      if (fields[at] !== ')') throw new Error(`invalid fields parameter at ${at}: ")" expected`);
      at++;
      return [name, sub];
    }
    if (fields[at] === '/') {
      at++;
      const [inner, sub] = item();
      return [name, new Map([[inner, sub]])];
    }
    return [name, null];
  };
  const list = (): FieldSelection => {
    const selection: FieldSelection = new Map();
    for (;;) {
      const [name, sub] = item();
      selection.set(name, selection.has(name) ? merge(selection.get(name)!, sub) : sub);
      if (fields[at] !== ',') return selection;
      at++;
    }
  };
  const selection = list();
  if (at !== fields.length) throw new Error(`invalid fields parameter at ${at}`);
  return selection;
}

function merge(a: FieldSelection | null, b: FieldSelection | null): FieldSelection | null {
  if (a === null || b === null) return null;
  const out: FieldSelection = new Map(a);
  for (const [k, v] of b) out.set(k, out.has(k) ? merge(out.get(k)!, v) : v);
  return out;
}

/** `value` with only the selected fields (arrays: each element), as Google answers with `fields`. */
export function selectFields(value: unknown, selection: FieldSelection | null): unknown {
  if (selection === null || selection.has('*') || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => selectFields(v, selection));
  const out: Record<string, unknown> = {};
  for (const [key, sub] of selection) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = selectFields(v, sub);
  }
  return out;
}
