import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { loadRoutes } from '../../functions/src/api/route-table.js';
import { AppError, errorBody } from '../../functions/src/core/errors.js';
import { labelled, labelsOf, parseInput, relabel } from '../../functions/src/core/field-labels.js';

/** Whole routes: the body schemas load with their areas. */
const routes = await loadRoutes();
/** zod's own wording and machine paths: none of it may reach a customer. */
const RAW_ZOD = /Too small|Too big|Invalid input|Invalid option|Invalid (?:URL|ISO|email|string|discriminator)|Unrecognized key|expected \w+ to have|[<>]=|received \w+|Expected '|^Required$/;
const PATH_LIKE = /^(?:body|query|params)?\.?[\w]+\.[\w.]+$|\.\d+|^[a-z]+[A-Z]/;

/** Every field path a schema accepts (array indices dropped; arrays count as a field themselves). */
function fieldPaths(schema: z.ZodType, prefix: string[] = [], out = new Set<string>()): Set<string> {
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  switch (def.type) {
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      return fieldPaths(def.innerType, prefix, out);
    case 'pipe':
      return fieldPaths(def.in.type === 'transform' ? def.out : def.in, prefix, out);
    case 'object':
      for (const [key, inner] of Object.entries(def.shape as Record<string, z.ZodType>)) fieldPaths(inner, [...prefix, key], out);
      return out;
    case 'array':
      if (prefix.length) out.add(prefix.join('.'));
      return fieldPaths(def.element, prefix, out);
    case 'union':
      for (const option of def.options as z.ZodType[]) fieldPaths(option, prefix, out);
      return out;
    case 'intersection':
      fieldPaths(def.left, prefix, out);
      return fieldPaths(def.right, prefix, out);
    default:
      if (prefix.length) out.add(prefix.join('.'));
      return out;
  }
}

/** Wrong values for one field: a type it never takes, an empty text, a very long text, a negative number. */
const BAD_VALUES: unknown[] = [12345, '', 'x'.repeat(6000), -1, [], { nested: true }, true, 'not a url or date'];

function setPath(value: unknown, path: string[], leaf: unknown): unknown {
  if (!path.length) return leaf;
  const base = value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  base[path[0]!] = setPath(base[path[0]!], path.slice(1), leaf);
  return base;
}

const bodyRoutes = routes.filter((r) => r.body && r.bodyType !== 'csv');

describe('validation in words (core/field-labels.ts)', () => {
  it.each(bodyRoutes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s labels every field of its body', (_name, r) => {
    const labels = labelsOf(r.body);
    expect(labels, 'declare the body schema with labelled(schema, { field: "Words the customer knows" })').toBeDefined();
    const missing = [...fieldPaths(r.body!)].filter((p) => !labels![p]);
    expect(missing).toEqual([]);
    for (const label of Object.values(labels!)) expect(label).not.toMatch(PATH_LIKE);
  });

  it.each(bodyRoutes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s never answers a bad body in zod\'s words', (_name, r) => {
    const example = r.example?.body ?? {};
    const bodies: unknown[] = [undefined, null, 'text', {}, { ...(example as object), notAField: 1 }];
    for (const path of fieldPaths(r.body!)) for (const bad of BAD_VALUES) bodies.push(setPath(example, path.split('.'), bad));
    let refused = 0;
    for (const body of bodies) {
      try {
        parseInput(r.body!, body, 'body');
      } catch (err) {
        refused++;
        const answer = errorBody(err as AppError).error;
        expect(answer.code).toBe('invalid_argument');
        expect(answer.message).not.toMatch(RAW_ZOD);
        expect(answer.message).not.toMatch(/\bbody\./);
        for (const f of answer.fields ?? []) {
          expect(f.message, `${f.field}`).not.toMatch(RAW_ZOD);
          expect(f.label, `${f.field}`).toBeTruthy();
          expect(f.label!, `${f.field}`).not.toMatch(PATH_LIKE);
        }
      }
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('answers every problem of a body at once, each with its label, in plain words', () => {
    const schema = labelled(z.object({ name: z.string().trim().min(1), priority: z.number().int().max(100), banner: z.object({ imageUrl: z.url() }), groups: z.array(z.string().min(1)) }).strict(), {
      name: 'Campaign name',
      priority: 'Priority',
      'banner.imageUrl': 'Banner image',
      groups: 'Target groups',
    });
    let answer: ReturnType<typeof errorBody>['error'] | undefined;
    try {
      parseInput(schema, { name: ' ', priority: 1.5, banner: { imageUrl: 'nope' }, groups: ['Sales', ''] }, 'body');
    } catch (err) {
      answer = errorBody(err as AppError).error;
    }
    expect(answer!.fields).toEqual([
      { field: 'body.name', label: 'Campaign name', message: 'cannot be empty' },
      { field: 'body.priority', label: 'Priority', message: 'must be a whole number' },
      { field: 'body.banner.imageUrl', label: 'Banner image', message: 'must be a web address starting with https://' },
      { field: 'body.groups.1', label: 'Target groups (entry 2)', message: 'cannot be empty' },
    ]);
    expect(answer!.message).toBe('Campaign name cannot be empty. Priority must be a whole number. Banner image must be a web address starting with https://. Target groups (entry 2) cannot be empty.');
  });

  it("puts a handler's `body.field: problem` refusal into the same words and shape", () => {
    const schema = labelled(z.object({ target: z.object({ group: z.string() }) }), { 'target.group': 'Group' });
    const answer = errorBody(relabel(new AppError('invalid_argument', 'body.target.group: "Marketng" is not a group'), schema)).error;
    expect(answer.message).toBe('Group: "Marketng" is not a group.');
    expect(answer.fields).toEqual([{ field: 'body.target.group', label: 'Group', message: '"Marketng" is not a group' }]);
  });
});
