import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import protobuf from 'protobufjs';

/**
 * Checks JSON against a message of Google's own .proto files (shipped in `google-proto-files`), as
 * Google's JSON parser reads it (proto3 JSON mapping): every field known by its lowerCamelCase JSON
 * name or its proto name, scalars of the right JSON type, enums by name, repeated fields as arrays,
 * at most one member of a oneof. protobufjs' own `fromObject` drops unknown fields silently, so the
 * check walks the reflected types itself: an unknown or misspelt field is an error here.
 */
const require = createRequire(import.meta.url);
const PROTO_ROOT = dirname(require.resolve('google-proto-files/package.json'));

const roots = new Map<string, protobuf.Root>();

/** The named message type, loaded (with its imports) from google-proto-files. */
export function protoType(file: string, typeName: string): protobuf.Type {
  let root = roots.get(file);
  if (!root) {
    root = new protobuf.Root();
    root.resolvePath = (_origin, target) => (target.startsWith('/') ? target : `${PROTO_ROOT}/${target}`);
    root.loadSync(file, { keepCase: true });
    root.resolveAll();
    roots.set(file, root);
  }
  return root.lookupType(typeName);
}

const INT_TYPES = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const jsonName = (f: protobuf.Field) => f.name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Well-known types with a special JSON form (https://protobuf.dev/programming-guides/json/). */
function wellKnown(fullName: string, value: unknown, path: string): string[] | null {
  const wrapper = /^\.google\.protobuf\.(Bool|String|Bytes|Double|Float|Int32|UInt32|Int64|UInt64)Value$/.exec(fullName);
  if (wrapper) return scalar(wrapper[1]!.toLowerCase(), value, path);
  switch (fullName) {
    case '.google.protobuf.Struct':
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? [] : [`${path}: expected an object`];
    case '.google.protobuf.Value':
      return [];
    case '.google.protobuf.ListValue':
      return Array.isArray(value) ? [] : [`${path}: expected an array`];
    case '.google.protobuf.Timestamp':
    case '.google.protobuf.Duration':
    case '.google.protobuf.FieldMask':
      return typeof value === 'string' ? [] : [`${path}: expected a string`];
    case '.google.protobuf.Empty':
      return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0 ? [] : [`${path}: expected {}`];
    default:
      return null;
  }
}

function scalar(type: string, value: unknown, path: string): string[] {
  if (type === 'string') return typeof value === 'string' ? [] : [`${path}: expected a string`];
  if (type === 'bool') return typeof value === 'boolean' ? [] : [`${path}: expected true or false`];
  if (type === 'bytes') return typeof value === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value) ? [] : [`${path}: expected base64 bytes`];
  if (type === 'double' || type === 'float') return typeof value === 'number' || ['NaN', 'Infinity', '-Infinity'].includes(value as string) ? [] : [`${path}: expected a number`];
  if (INT_TYPES.has(type) || LONG_TYPES.has(type)) {
    const ok = (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && /^-?\d+$/.test(value));
    return ok ? [] : [`${path}: expected an integer`];
  }
  return [`${path}: unsupported scalar type ${type}`];
}

function checkValue(field: protobuf.Field, value: unknown, path: string): string[] {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) {
    if (typeof value === 'string') return value in resolved.values ? [] : [`${path}: "${value}" is not one of ${Object.keys(resolved.values).join(', ')}`];
    return typeof value === 'number' && Object.values(resolved.values).includes(value) ? [] : [`${path}: expected an enum name`];
  }
  if (resolved instanceof protobuf.Type) return checkMessage(resolved, value, path);
  return scalar(field.type, value, path);
}

/** Every way `value` is not a valid JSON form of `type`, each as `path: problem`; [] when it is valid. */
export function checkMessage(type: protobuf.Type, value: unknown, path = '$'): string[] {
  const special = wellKnown(type.fullName, value, path);
  if (special) return special;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected a ${type.name} object`];
  const byName = new Map<string, protobuf.Field>();
  for (const f of type.fieldsArray) {
    byName.set(jsonName(f), f);
    byName.set(f.name, f);
  }
  const errors: string[] = [];
  const seen = new Set<protobuf.Field>();
  for (const [key, v] of Object.entries(value)) {
    const field = byName.get(key);
    const at = `${path}.${key}`;
    if (!field) {
      errors.push(`${at}: no such field in ${type.fullName.slice(1)}`);
      continue;
    }
    if (seen.has(field)) errors.push(`${at}: given twice (JSON and proto name)`);
    seen.add(field);
    if (v === null) continue; // null is the JSON form of "not set"
    if (field.map) {
      if (typeof v !== 'object' || Array.isArray(v)) errors.push(`${at}: expected a map object`);
      else for (const [k, item] of Object.entries(v)) errors.push(...checkValue(field, item, `${at}.${k}`));
    } else if (field.repeated) {
      if (!Array.isArray(v)) errors.push(`${at}: expected an array`);
      else v.forEach((item, i) => errors.push(...checkValue(field, item, `${at}[${i}]`)));
    } else {
      errors.push(...checkValue(field, v, at));
    }
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.fieldsArray.filter((f) => seen.has(f) && (value as Record<string, unknown>)[jsonName(f)] !== null);
    if (set.length > 1) errors.push(`${path}: at most one of ${oneof.fieldsArray.map(jsonName).join(', ')} (oneof ${oneof.name}), got ${set.map(jsonName).join(' and ')}`);
  }
  return errors;
}
