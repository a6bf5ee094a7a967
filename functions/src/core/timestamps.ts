import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';

/** A stored time: written as a Date or Timestamp (or a server timestamp), read back as a Timestamp. */
export const zTime = z.union([z.instanceof(Date), z.instanceof(Timestamp), z.custom<FieldValue>((v) => v instanceof FieldValue)]);

export function toIso(value: unknown): string | null {
  if (value instanceof Timestamp) return value.toDate().toISOString();
  if (value instanceof Date) return value.toISOString();
  return null;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}
