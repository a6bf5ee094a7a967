import { Timestamp } from 'firebase-admin/firestore';

// No zod here: the redirect's hot path uses addDays (the stored-time schema is schemas/time.ts).

export function toIso(value: unknown): string | null {
  if (value instanceof Timestamp) return value.toDate().toISOString();
  if (value instanceof Date) return value.toISOString();
  return null;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}
