import { DocumentReference, GeoPoint, Timestamp } from 'firebase-admin/firestore';
import { getFirestore } from 'firebase-admin/firestore';
import { deleteApp, initializeApp } from 'firebase-admin/app';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeValue, encodeValue, type Json } from '../../functions/src/privacy/export-codec.js';

const app = initializeApp({ projectId: 'demo-herald' }, 'export-codec-test');
const db = getFirestore(app);
afterAll(() => deleteApp(app));

describe('tenant export codec (Firestore values as JSON lines, restorable without loss)', () => {
  it('keeps timestamps to the nanosecond, references, geopoints, bytes and non-finite numbers', () => {
    const value = {
      at: new Timestamp(1_790_000_000, 123_456_789),
      manager: db.doc('tenants/acme/users/u1'),
      site: new GeoPoint(48.85, 2.35),
      avatar: Buffer.from([0, 1, 254, 255]),
      ratio: Number.NaN,
      list: [new Timestamp(0, 1), 'x', 2, null, true],
    };
    const json = JSON.parse(JSON.stringify(encodeValue(value))) as Json;
    expect(json).toMatchObject({ at: { $timestamp: '2026-09-21T14:13:20.123456789Z' }, manager: { $ref: 'tenants/acme/users/u1' }, site: { $geopoint: [48.85, 2.35] }, avatar: { $bytes: 'AAH+/w==' }, ratio: { $number: 'NaN' } });
    const back = decodeValue(db, json) as typeof value;
    expect(back.at.isEqual(value.at)).toBe(true);
    expect(back.manager).toBeInstanceOf(DocumentReference);
    expect(back.manager.path).toBe('tenants/acme/users/u1');
    expect(back.site.isEqual(value.site)).toBe(true);
    expect(Buffer.from(back.avatar).equals(value.avatar)).toBe(true);
    expect(back.ratio).toBeNaN();
    expect((back.list[0] as Timestamp).isEqual(new Timestamp(0, 1))).toBe(true);
    expect(back.list.slice(1)).toEqual(['x', 2, null, true]);
  });

  it('never reads a stored map back as a special value: maps with `$` keys are wrapped', () => {
    const stored = { note: { $timestamp: 'not a time' }, other: { $ref: 'x', plain: 1 } };
    const json = JSON.parse(JSON.stringify(encodeValue(stored))) as Json;
    expect(json).toEqual({ note: { $map: { $timestamp: 'not a time' } }, other: { $map: { $ref: 'x', plain: 1 } } });
    expect(decodeValue(db, json)).toEqual(stored);
  });
});
