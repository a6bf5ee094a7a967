import type * as z from 'zod';
import { AppError, type FieldProblem } from './errors.js';

/**
 * Validation in words, one mechanism for every input the API reads.
 *
 * Each input schema declares, next to itself, the label the customer knows each field by
 * (`labelled(schema, { 'banner.imageUrl': 'Banner image' })`, paths without array indices); the
 * API parses with `parseInput`, whose error map turns every zod issue into a plain predicate
 * ("cannot be empty", "must be a web address"), so zod's own wording ("Too small: expected string
 * to have >=1 characters") never reaches a customer. All of a body's problems come back at once:
 * `{ error: { code: 'invalid_argument', message: 'Campaign name cannot be empty. …', fields: [{
 * field: 'body.name', label: 'Campaign name', message: 'cannot be empty' }] } }`. `field` stays the
 * path (the console places the message next to its input); `label` and the top message are words.
 * test/unit/field-labels.test.ts fails when a route's body has a field without a label or an
 * issue that would reach the customer in zod's words.
 */
export type FieldLabels = Readonly<Record<string, string>>;

const registry = new WeakMap<object, FieldLabels>();

/** Declares the customer's words for a schema's fields; returns the schema itself. */
export function labelled<S extends z.ZodType>(schema: S, labels: FieldLabels): S {
  registry.set(schema, labels);
  return schema;
}

export function labelsOf(schema: z.ZodType | undefined): FieldLabels | undefined {
  return schema ? registry.get(schema) : undefined;
}

/** The label of a path, e.g. ['targetGroups', 1] → "Target groups (entry 2)"; the whole body is "The request". */
export function labelFor(labels: FieldLabels | undefined, path: readonly PropertyKey[]): string {
  const keys = path.filter((p) => typeof p !== 'number').map(String);
  const entry = [...path].reverse().find((p) => typeof p === 'number');
  for (let n = keys.length; n > 0; n--) {
    const label = labels?.[keys.slice(0, n).join('.')];
    if (label) return entry !== undefined && n === keys.length ? `${label} (entry ${entry + 1})` : label;
  }
  if (!keys.length) return labels?.[''] ?? 'The request';
  return words(keys[keys.length - 1]!);
}

/** "destinationUrl" → "Destination URL": the last resort for a field nobody labelled. */
function words(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase().replace(/\burl\b/g, 'URL').replace(/\bid\b/g, 'ID');
  return spaced ? spaced[0]!.toUpperCase() + spaced.slice(1) : 'A field';
}

type Issue = z.core.$ZodRawIssue;

const quoted = (values: readonly unknown[]) => values.map((v) => `"${String(v)}"`).join(', ');
const count = (n: number | bigint, one: string, many = `${one}s`) => `${n} ${Number(n) === 1 ? one : many}`;

/** zod's error map: every issue as a short predicate in plain words (the label comes before it). */
export function plainIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      if (issue.input === null) return 'cannot be left empty';
      const what: Record<string, string> = { int: 'a whole number', number: 'a number', string: 'text', boolean: 'yes or no (true or false)', array: 'a list', object: 'a group of fields', date: 'a date' };
      return `must be ${what[issue.expected] ?? `of type ${issue.expected}`}`;
    }
    case 'too_small': {
      const min = issue.minimum;
      if (issue.origin === 'string') return Number(min) <= 1 ? 'cannot be empty' : `must be at least ${count(min, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return Number(min) <= 1 ? 'needs at least one entry' : `needs at least ${count(min, 'entry', 'entries')}`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case 'too_big': {
      const max = issue.maximum;
      if (issue.origin === 'string') return `can be at most ${count(max, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `can have at most ${count(max, 'entry', 'entries')}`;
      if (issue.origin === 'file') return `can be at most ${max} bytes`;
      return issue.inclusive === false ? `must be less than ${max}` : `can be at most ${max}`;
    }
    case 'invalid_format': {
      const formats: Record<string, string> = {
        url: 'must be a web address starting with https://',
        email: 'must be an email address, e.g. ada@example.com',
        datetime: 'must be a date and time, e.g. 2026-04-01T09:00:00Z',
        date: 'must be a date, e.g. 2026-04-01',
        uuid: 'is not in the expected form',
        regex: 'contains characters that are not allowed here',
      };
      return formats[issue.format] ?? 'is not in the expected form';
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${quoted(issue.values)}` : `must be one of ${quoted(issue.values)}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return options?.length ? `must be one of ${quoted(options)}` : 'is not in any of the accepted forms';
    }
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} Herald does not accept: ${quoted(issue.keys)}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_key':
    case 'invalid_element':
      return 'has an entry that is not valid';
    default:
      return 'is not valid';
  }
}

/** A problem with a labelled field: `{ field: 'body.name', label: 'Campaign name', message: 'cannot be empty' }`. */
export function fieldProblem(labels: FieldLabels | undefined, where: string, path: readonly PropertyKey[], message: string): FieldProblem {
  return { field: [where, ...path.map(String)].filter(Boolean).join('.'), label: labelFor(labels, path), message };
}

/** One `invalid_argument` (or another code) carrying every problem at once, its message in sentences. */
export function fieldsError(problems: FieldProblem[], code: ConstructorParameters<typeof AppError>[0] = 'invalid_argument', joiner?: string): AppError {
  // A predicate ("cannot be empty") follows its label; a sentence of its own ('"Marketng" is not…') after a colon.
  const message = problems.map((p) => `${p.label ?? p.field}${joiner ?? (/^[a-z]/.test(p.message) ? ' ' : ': ')}${p.message}`.trim()).map((s) => (/[.!?]$/.test(s) ? s : `${s}.`)).join(' ');
  return new AppError(code, message, { fields: problems });
}

/** Parses one input (`where`: body, query or params) with the plain error map; every problem at once. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value, { error: plainIssue });
  if (parsed.success) return parsed.data;
  const labels = labelsOf(schema);
  throw fieldsError(parsed.error.issues.map((issue) => fieldProblem(labels, where, issue.path, issue.message)));
}

/**
 * A handler's own refusal written the old way, `body.target.group: no such group`, in the same
 * words and shape as a schema problem: the path becomes the field and its label.
 */
export function relabel(err: AppError, schema: z.ZodType | undefined): AppError {
  if ((err.details as { fields?: FieldProblem[] } | undefined)?.fields?.every((f) => f.label)) return err;
  const labels = labelsOf(schema);
  const fields = (err.details as { fields?: FieldProblem[] } | undefined)?.fields;
  if (fields?.length) return withDetails(fieldsError(fields.map((f) => ({ ...f, label: f.label ?? labelFor(labels, pathOf(f.field)) })), err.code, ': '), err);
  const parts = err.message.split(/;\s+(?=(?:body|query|params)\.)/).map((part) => /^((?:body|query|params)(?:\.[\w-]+)*):\s*(.*)$/s.exec(part));
  if (!parts.length || parts.some((m) => !m)) return err;
  return withDetails(fieldsError(parts.map((m) => ({ field: m![1]!, label: labelFor(labels, pathOf(m![1]!)), message: m![2]! })), err.code, ': '), err);
}

function pathOf(field: string): PropertyKey[] {
  return field.split('.').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function withDetails(next: AppError, previous: AppError): AppError {
  const extra = previous.details && typeof previous.details === 'object' ? { ...(previous.details as object) } : {};
  return new AppError(next.code, next.message, { ...extra, ...(next.details as object) });
}
