import { DocumentReference, GeoPoint, Timestamp, type Firestore } from 'firebase-admin/firestore';

/**
 * Firestore values as plain JSON, readable by the customer and restorable without loss: a
 * timestamp is `{"$timestamp": "2026-11-23T10:00:00.123456789Z"}` (nanoseconds kept), a document
 * reference `{"$ref": "tenants/acme/users/u1"}`, a geopoint `{"$geopoint": [lat, lng]}`, bytes
 * `{"$bytes": base64}`, a non-finite number `{"$number": "NaN"}`. A map whose own keys start with
 * `$` is wrapped as `{"$map": {…}}`, so no stored map is ever read back as one of these.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isoNanos(t: Timestamp): string {
  const iso = new Date(t.seconds * 1000).toISOString();
  return `${iso.slice(0, 19)}.${String(t.nanoseconds).padStart(9, '0')}Z`;
}

function parseIsoNanos(s: string): Timestamp {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(s);
  if (!m) throw new Error(`not a timestamp: ${s.slice(0, 40)}`);
  const seconds = Date.parse(`${m[1]}Z`) / 1000;
  return new Timestamp(seconds, Number((m[2] ?? '').padEnd(9, '0')));
}

export function encodeValue(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Timestamp) return { $timestamp: isoNanos(value) };
  if (value instanceof Date) return { $timestamp: isoNanos(Timestamp.fromDate(value)) };
  if (value instanceof DocumentReference) return { $ref: value.path };
  if (value instanceof GeoPoint) return { $geopoint: [value.latitude, value.longitude] };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (typeof value === 'object') {
    const map: Record<string, Json> = {};
    let dollar = false;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      map[k] = encodeValue(v);
      if (k.startsWith('$')) dollar = true;
    }
    return dollar ? { $map: map } : map;
  }
  throw new Error(`a value of type ${typeof value} cannot be exported`);
}

export function decodeValue(db: Firestore, value: Json): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => decodeValue(db, v));
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const v = value[keys[0]!]!;
    switch (keys[0]) {
      case '$timestamp':
        return parseIsoNanos(String(v));
      case '$ref':
        return db.doc(String(v));
      case '$geopoint':
        return new GeoPoint(Number((v as number[])[0]), Number((v as number[])[1]));
      case '$bytes':
        return Buffer.from(String(v), 'base64');
      case '$number':
        return Number(v);
      case '$map':
        return Object.fromEntries(Object.entries(v as Record<string, Json>).map(([k, x]) => [k, decodeValue(db, x)]));
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, decodeValue(db, x)]));
}

/** One exported document: one line of a part. */
export interface ExportLine {
  path: string;
  data: Json;
}
